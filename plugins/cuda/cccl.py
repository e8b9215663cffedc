"""NVIDIA CCCL (Thrust, CUB, libcu++), the CUDA C++ core libraries, found by their header."""

from __future__ import annotations

from envmgr.soft import Soft


class CCCL(Soft):
    name = "cccl"
    aliases = ["thrust", "cub", "libcudacxx"]
    category = "cuda"
    tags = ["cpp", "header-only"]
    summary = "NVIDIA CUDA C++ Core Libraries: Thrust, CUB and libcu++ (headers)"
    # CUDA 13 puts them in include/cccl, CUDA 12 and a standalone CCCL in include
    headers = ["cccl/cuda/std/__cccl/version.h", "cuda/std/__cccl/version.h"]
    search_dirs = ["/usr/local/cuda*/include", "$CUDA_HOME/include"]
    side_by_side = "only the one toolkit here could be captured"
    # "#define CCCL_VERSION 3000001" is major * 1000000 + minor * 1000 + patch: 3.0.1. Its
    # version is CCCL's own, not the toolkit's (CUDA 13.0 ships CCCL 3.0).
    version_regex = r"^\s*#\s*define\s+CCCL_VERSION\s+(\d+)\s*$"
    version_packing = (1000000, 1000)
