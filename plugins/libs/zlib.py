"""zlib, the compression library, found by its header."""

from envmgr.soft import Soft


class Zlib(Soft):
    name = "zlib"
    aliases = ["libz", "lib-zlib"]
    category = "lib"
    tags = ["compression"]
    summary = "zlib compression library (headers)"
    headers = ["zlib.h"]
    version_macros = ["ZLIB_VERSION"]  # #define ZLIB_VERSION "1.2.13"
