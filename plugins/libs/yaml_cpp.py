"""yaml-cpp, the YAML parser of C++, found by its pkg-config file."""

from envmgr.soft import Soft


class YamlCpp(Soft):
    name = "yaml-cpp"
    category = "lib"
    tags = ["yaml"]
    summary = "yaml-cpp YAML parser and emitter for C++ (pkg-config)"
    pkgconfig = "yaml-cpp"
