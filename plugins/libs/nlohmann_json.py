"""nlohmann/json, JSON for modern C++, found by its pkg-config file."""

from envmgr.soft import Soft


class NlohmannJSON(Soft):
    name = "nlohmann-json"
    aliases = ["nlohmann_json"]
    category = "lib"
    tags = ["json", "header-only"]
    summary = "nlohmann/json JSON for modern C++ (pkg-config)"
    pkgconfig = "nlohmann_json"
