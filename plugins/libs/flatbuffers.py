"""FlatBuffers, the serialization library, found by its base header."""

from envmgr.soft import Soft


class FlatBuffers(Soft):
    name = "flatbuffers"
    aliases = ["lib-flatbuffers"]
    category = "lib"
    tags = ["serialization", "cpp"]
    summary = "FlatBuffers serialization library (header)"
    # Debian ships no flatbuffers.pc; the header carries the release in three macros.
    headers = ["flatbuffers/base.h"]
    version_macros = ["FLATBUFFERS_VERSION_MAJOR", "FLATBUFFERS_VERSION_MINOR",
                      "FLATBUFFERS_VERSION_REVISION"]
