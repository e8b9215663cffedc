"""Arm NN, Arm's inference engine, found by its Version.hpp."""

from envmgr.soft import Soft


class ArmNN(Soft):
    name = "armnn"
    aliases = ["libarmnn", "arm-nn", "lib-armnn"]
    category = "lib"
    tags = ["ml", "inference", "arm"]
    summary = "Arm NN machine-learning inference engine (headers)"
    # Version.hpp's ARMNN_VERSION is the library's own version (22.0.0), the one the
    # soname libarmnn.so.22 carries and Arm NN reports; the release it came in is named
    # by date (Debian's 20.08 package), which no installed file holds.
    headers = ["armnn/Version.hpp"]
    version_macros = ["ARMNN_MAJOR_VERSION", "ARMNN_MINOR_VERSION", "ARMNN_PATCH_VERSION"]
