"""hwloc, the portable hardware locality library, by its tools and its pkg-config file."""

from envmgr.soft import Soft


class Hwloc(Soft):
    name = "hwloc"
    aliases = ["libhwloc", "lstopo"]
    category = "lib"
    tags = ["topology", "hpc"]
    summary = "hwloc hardware locality library and tools (lstopo, pkg-config)"
    executables = [r"lstopo(?:-no-graphics)?", r"hwloc-info"]
    companions = ["lstopo", "lstopo-no-graphics", "hwloc-info", "hwloc-bind", "hwloc-ls"]
    # "lstopo 2.9.0", "lstopo-no-graphics 2.9.0", "hwloc-info 2.9.0", "lstopo 1.11.12",
    # "lstopo 2.10.0rc2"
    version_regex = r"^(?:lstopo(?:-no-graphics)?|hwloc-info) (?P<version>\d+(?:\.\d+)+(?:rc\d+)?)"
    pkgconfig = "hwloc"
