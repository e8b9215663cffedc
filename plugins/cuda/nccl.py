"""NVIDIA NCCL, found by nccl.h, its library file and its pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class NCCL(CudaLibrary):
    name = "nccl"
    aliases = ["libnccl"]
    tags = ["communication", "gpu"]
    summary = "NVIDIA Collective Communications Library (multi-GPU all-reduce ...)"
    headers = ["nccl.h"]
    version_macros = ["NCCL_MAJOR", "NCCL_MINOR", "NCCL_PATCH"]
    libraries = [r"libnccl\.so\.(?P<version>\d+\.\d+\.\d+)"]  # not the soname libnccl.so.2
    search_dirs = ["/usr/local/cuda*/lib64", "/usr/local/cuda*/include",
                   "$NCCL_HOME/lib", "$NCCL_HOME/include"]
    python_dist = ["nvidia-nccl-cu13", "nvidia-nccl-cu12", "nvidia-nccl-cu11"]
    wheel_dirs = ("nvidia/nccl",)
    env = {"NCCL_HOME": "{prefix}"}
