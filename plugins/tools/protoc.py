"""protoc, the Protocol Buffers compiler."""

from envmgr.soft import Soft


class Protoc(Soft):
    name = "protoc"
    aliases = ["protobuf-compiler"]
    category = "tool"
    tags = ["protobuf", "build"]
    summary = "Protocol Buffers compiler (protoc)"
    executables = ["protoc"]
    # "libprotoc 3.21.12"; since 22.x the compiler's own scheme: "libprotoc 25.1"
    version_regex = r"^libprotoc (?P<version>\d+(?:\.\d+)+(?:-rc-?\d+)?)"
