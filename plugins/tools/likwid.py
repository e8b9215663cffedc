"""LIKWID, the performance tools for x86 and ARM (likwid-perfctr, likwid-topology)."""

from envmgr.soft import Soft


class Likwid(Soft):
    name = "likwid"
    category = "tool"
    tags = ["profiler", "hpc"]
    summary = "LIKWID performance counters, topology and pinning tools"
    executables = [r"likwid-perfctr", r"likwid-topology", r"likwid-pin"]
    companions = ["likwid-perfctr", "likwid-topology", "likwid-pin", "likwid-bench",
                  "likwid-powermeter", "likwid-features"]
    version_args = ["-v"]
    # "likwid-topology -- Version 5.2.2 (commit: 233ab943543480cd46058b34616c174198ba0459)"
    version_regex = r"^likwid-[\w-]+ -- Version (?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {"commit": r"\(commit: ([0-9a-f]+)\)"}
