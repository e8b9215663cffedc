"""flatc, the FlatBuffers schema compiler."""

from envmgr.soft import Soft


class Flatc(Soft):
    name = "flatc"
    aliases = ["flatbuffers-compiler"]
    category = "tool"
    tags = ["serialization", "codegen"]
    summary = "FlatBuffers schema compiler (flatc)"
    executables = [r"flatc"]
    # "flatc version 2.0.8"
    version_regex = r"^flatc version (?P<version>\d+\.\d+\.\d+)"
