"""Brotli, the compression library, found by its pkg-config file."""

from envmgr.soft import Soft


class Brotli(Soft):
    name = "brotli"
    aliases = ["libbrotli"]
    category = "lib"
    tags = ["compression"]
    summary = "Brotli compression library (pkg-config)"
    # The public headers (brotli/decode.h ...) carry no version before 1.1;
    # libbrotlicommon.pc does, and each of the three libraries' .pc says the same.
    pkgconfig = "libbrotlicommon"
