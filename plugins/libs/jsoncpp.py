"""JsonCpp, the C++ JSON library, found by jsoncpp.pc and json/version.h."""

from envmgr.soft import Soft


class JsonCpp(Soft):
    name = "jsoncpp"
    aliases = ["libjsoncpp"]
    category = "lib"
    tags = ["json", "cpp"]
    summary = "JsonCpp JSON library for C++ (pkg-config, header)"
    # Debian puts the header in /usr/include/jsoncpp/json; upstream in <prefix>/include/json.
    pkgconfig = "jsoncpp"
    headers = ["jsoncpp/json/version.h", "json/version.h"]
    version_macros = ["JSONCPP_VERSION_STRING"]
