"""NVIDIA Compute Sanitizer, the CUDA memory and race checker."""

from __future__ import annotations

from envmgr.soft import Soft


class ComputeSanitizer(Soft):
    name = "compute-sanitizer"
    aliases = ["cuda-memcheck"]
    category = "cuda"
    tags = ["debugger", "gpu"]
    summary = "NVIDIA Compute Sanitizer, CUDA memory, race and sync checker"
    executables = [r"compute-sanitizer"]
    # a toolkit's bin/compute-sanitizer is a link or wrapper for
    # <toolkit>/compute-sanitizer/compute-sanitizer
    search_dirs = ["/usr/local/cuda*/bin", "/usr/local/cuda*/compute-sanitizer"]
    side_by_side = "only the H200 machine's one toolkit could be captured"
    version_regex = (r"^NVIDIA \(R\) Compute Sanitizer[^\n]*\n(?:[^\n]*\n)*?"
                     r"Version (?P<version>\d+(?:\.\d+)+)")
    attrs_regex = {"build": r"^Version \S+ \(build (\d+)\)"}
