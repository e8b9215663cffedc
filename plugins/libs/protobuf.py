"""Protocol Buffers' C++ library, found by its pkg-config file."""

from envmgr.soft import Soft


class Protobuf(Soft):
    name = "protobuf"
    aliases = ["libprotobuf"]
    category = "lib"
    tags = ["serialization"]
    summary = "Protocol Buffers C++ runtime library (pkg-config)"
    pkgconfig = "protobuf"
