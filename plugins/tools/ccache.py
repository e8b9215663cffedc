"""ccache, the compiler cache."""

from envmgr.soft import Soft


class Ccache(Soft):
    name = "ccache"
    category = "tool"
    tags = ["build", "cache"]
    summary = "ccache compiler cache"
    executables = [r"ccache"]
    version_regex = r"^ccache version (?P<version>\d+(?:\.\d+)+)"
