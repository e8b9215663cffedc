"""GNU gperf, the perfect hash function generator."""

from envmgr.soft import Soft


class Gperf(Soft):
    name = "gperf"
    category = "tool"
    tags = ["build"]
    summary = "GNU gperf perfect hash function generator"
    executables = ["gperf"]
    version_regex = r"^GNU gperf (?P<version>\d+(?:\.\d+)+)"
