"""cairo, the 2D graphics library, found by cairo.pc and cairo-version.h."""

from envmgr.soft import Soft


class Cairo(Soft):
    name = "cairo"
    aliases = ["libcairo"]
    category = "lib"
    tags = ["graphics"]
    summary = "cairo 2D graphics library (pkg-config, header)"
    pkgconfig = "cairo"
    headers = ["cairo/cairo-version.h"]
    version_macros = ["CAIRO_VERSION_MAJOR", "CAIRO_VERSION_MINOR", "CAIRO_VERSION_MICRO"]
