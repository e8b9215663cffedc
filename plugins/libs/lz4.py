"""LZ4, the compression library, found by liblz4.pc and lz4.h."""

from envmgr.soft import Soft


class LZ4(Soft):
    name = "lz4"
    aliases = ["liblz4"]
    category = "lib"
    tags = ["compression"]
    summary = "LZ4 compression library (pkg-config, header)"
    pkgconfig = "liblz4"
    headers = ["lz4.h"]
    version_macros = ["LZ4_VERSION_MAJOR", "LZ4_VERSION_MINOR", "LZ4_VERSION_RELEASE"]
