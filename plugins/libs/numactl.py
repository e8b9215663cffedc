"""numactl's libnuma, the NUMA policy library, found by its pkg-config file."""

from envmgr.soft import Soft


class Numactl(Soft):
    name = "numactl"
    aliases = ["libnuma", "numa"]
    category = "lib"
    tags = ["numa", "hpc"]
    summary = "numactl / libnuma NUMA policy library (pkg-config)"
    # numa.pc "Version: 2.0.16" is numactl's release; libnuma.so.1.0.0 is a fixed ABI
    # name and `numactl` has no version flag, so neither is declared.
    pkgconfig = "numa"
