"""Abseil, Google's C++ common libraries, found by absl/base/config.h."""

from envmgr.soft import Soft


class Abseil(Soft):
    name = "abseil"
    aliases = ["absl", "abseil-cpp"]
    category = "lib"
    tags = ["cpp"]
    summary = "Abseil C++ common libraries (header)"
    # An LTS release is a date and a patch level: 20220623.1. The absl_*.pc files say
    # only "20220623" (no patch level), so the header is the truth; a build from the
    # main branch defines neither macro and has no version to give.
    headers = ["absl/base/config.h"]
    version_macros = ["ABSL_LTS_RELEASE_VERSION", "ABSL_LTS_RELEASE_PATCH_LEVEL"]
