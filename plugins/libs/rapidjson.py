"""RapidJSON, the C++ JSON parser, found by its pkg-config file."""

from envmgr.soft import Soft


class RapidJSON(Soft):
    name = "rapidjson"
    category = "lib"
    tags = ["json", "header-only"]
    summary = "RapidJSON C++ JSON parser (pkg-config)"
    # RapidJSON.pc upstream and on Debian
    pkgconfig = ["RapidJSON", "rapidjson"]
