"""LCOV, the graphical front end of gcov."""

from envmgr.soft import Soft


class Lcov(Soft):
    name = "lcov"
    category = "tool"
    tags = ["coverage"]
    summary = "LCOV code coverage report generator"
    executables = ["lcov"]
    # "lcov: LCOV version 1.16", "lcov: LCOV version 2.0-1"
    version_regex = r"LCOV version (?P<version>\d+(?:\.\d+)+(?:-\d+)?)"
