"""Zstandard's library, found by its pkg-config file."""

from envmgr.soft import Soft


class Zstd(Soft):
    name = "zstd"
    aliases = ["libzstd"]
    category = "lib"
    tags = ["compression"]
    summary = "Zstandard compression library (pkg-config)"
    pkgconfig = "libzstd"
