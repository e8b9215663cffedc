"""libpng, the PNG reference library, found by its pkg-config file."""

from envmgr.soft import Soft


class LibPNG(Soft):
    name = "libpng"
    aliases = ["png"]
    category = "lib"
    tags = ["image"]
    summary = "libpng PNG image library (pkg-config)"
    # libpng.pc is a link to libpng16.pc (or libpng12.pc): one candidate
    pkgconfig = "libpng"
