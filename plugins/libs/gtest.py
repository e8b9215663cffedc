"""GoogleTest, found by its pkg-config file."""

from envmgr.soft import Soft


class GTest(Soft):
    name = "gtest"
    aliases = ["googletest", "gmock"]
    category = "lib"
    tags = ["test"]
    summary = "GoogleTest C++ testing framework (pkg-config)"
    # gmock.pc comes with the same version: one entry
    pkgconfig = ["gtest", "gmock"]
