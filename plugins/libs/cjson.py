"""cJSON, the ultralightweight JSON parser of C, found by its pkg-config file."""

from envmgr.soft import Soft


class CJSON(Soft):
    name = "cjson"
    aliases = ["libcjson"]
    category = "lib"
    tags = ["json"]
    summary = "cJSON JSON parser for C (pkg-config)"
    pkgconfig = "libcjson"
