"""strace, the system call tracer."""

from envmgr.soft import Soft


class Strace(Soft):
    name = "strace"
    category = "tool"
    tags = ["debug"]
    summary = "strace system call tracer"
    executables = ["strace"]
    version_args = ["-V"]
    # "strace -- version 6.1", "strace -- version 4.26", "strace version 4.5.20"
    version_regex = r"^strace (?:-- )?version (?P<version>\d+(?:\.\d+)+)"
