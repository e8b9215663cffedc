"""liblzma (XZ Utils), found by its pkg-config file."""

from envmgr.soft import Soft


class LibLZMA(Soft):
    name = "liblzma"
    aliases = ["xz", "lzma"]
    category = "lib"
    tags = ["compression"]
    summary = "XZ Utils liblzma compression library (pkg-config)"
    pkgconfig = "liblzma"
