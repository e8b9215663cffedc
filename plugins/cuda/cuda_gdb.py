"""cuda-gdb, NVIDIA's GDB for CUDA device code."""

from __future__ import annotations

from envmgr.soft import Soft


class CudaGDB(Soft):
    name = "cuda-gdb"
    category = "cuda"
    tags = ["debugger", "gpu"]
    summary = "NVIDIA cuda-gdb, GDB with CUDA device debugging"
    # CUDA 12.x+: bin/cuda-gdb is a script choosing cuda-gdb-python3.X-tui for the Python
    # it finds, and says so on its first line ("exec: .../cuda-gdb-python3.12-tui")
    executables = [r"cuda-gdb"]
    search_dirs = ["/usr/local/cuda*/bin"]
    side_by_side = "only the H200 machine's one toolkit could be captured"
    # CUDA 12+: "NVIDIA (R) cuda-gdb 13.0"; CUDA 11: "NVIDIA (R) CUDA Debugger" and
    # "11.8 release" on the next line
    version_regex = (r"^NVIDIA \(R\) (?:cuda-gdb |CUDA Debugger\n)"
                     r"(?P<version>\d+(?:\.\d+)+)")
    attrs_regex = {"gdb_version": r"^(?:Based on GNU gdb|GNU gdb \(GDB\)) (\S+)"}
