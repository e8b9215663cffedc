"""NVIDIA Nsight Compute, the CUDA kernel profiler, found by its command line ncu."""

from __future__ import annotations

from envmgr.soft import Soft


class NsightCompute(Soft):
    name = "nsight-compute"
    aliases = ["ncu"]
    category = "cuda"
    tags = ["profiler", "gpu"]
    summary = "NVIDIA Nsight Compute CUDA kernel profiler (ncu)"
    executables = [r"ncu"]
    # a toolkit's bin/ncu is a wrapper script for <toolkit>/nsight-compute-<version>/ncu;
    # the standalone installer puts it in /opt/nvidia/nsight-compute/<version>
    search_dirs = ["/usr/local/cuda*/bin", "/opt/nvidia/nsight-compute/*"]
    side_by_side = "only the H200 machine's one ncu could be captured"
    # compute-sanitizer prints "Version 2025.3.1.0" too: the first line must be ncu's
    version_regex = (r"^NVIDIA \(R\) Nsight Compute[^\n]*\n(?:[^\n]*\n)*?"
                     r"Version (?P<version>\d+(?:\.\d+)+)")
    attrs_regex = {"build": r"^Version \S+ \(build (\d+)\)"}
