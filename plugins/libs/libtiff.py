"""libtiff, the TIFF image library, found by its pkg-config file."""

from envmgr.soft import Soft


class LibTIFF(Soft):
    name = "libtiff"
    aliases = ["tiff"]
    category = "lib"
    tags = ["image"]
    summary = "libtiff TIFF image library (pkg-config)"
    pkgconfig = "libtiff-4"
