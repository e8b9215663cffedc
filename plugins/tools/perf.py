"""perf, the Linux profiler."""

from envmgr.soft import Soft


class Perf(Soft):
    name = "perf"
    aliases = ["linux-perf"]
    category = "tool"
    tags = ["profiler"]
    summary = "Linux perf profiler"
    executables = ["perf"]
    # "perf version 6.1.187", "perf version 5.15.173", "perf version
    # 6.5.6-300.fc39.x86_64" (Fedora: the kernel release; the distro suffix is dropped)
    version_regex = r"^perf version (?P<version>\d+(?:\.\d+)+)"
