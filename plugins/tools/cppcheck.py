"""Cppcheck, the static analyser of C and C++."""

from envmgr.soft import Soft


class Cppcheck(Soft):
    name = "cppcheck"
    category = "tool"
    tags = ["static-analysis"]
    summary = "Cppcheck C/C++ static analyser"
    executables = ["cppcheck"]
    # "Cppcheck 2.10", "Cppcheck 2.13.0", "Cppcheck 2.14 dev"
    version_regex = r"^Cppcheck (?P<version>\d+(?:\.\d+)+(?: dev)?)"
