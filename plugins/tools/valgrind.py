"""Valgrind, the dynamic analysis framework (memcheck, callgrind, ...)."""

from envmgr.soft import Soft


class Valgrind(Soft):
    name = "valgrind"
    category = "tool"
    tags = ["debugger", "profiler", "memcheck"]
    summary = "Valgrind memory error detector and profiling framework"
    executables = [r"valgrind"]
    companions = ["vgdb", "callgrind_annotate", "cg_annotate", "ms_print"]
    # "valgrind-3.19.0", "valgrind-3.23.0.GIT"
    version_regex = r"^valgrind-(?P<version>\d+(?:\.\d+)+)"
