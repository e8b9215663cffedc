"""NVIDIA nvJitLink, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class NvJitLink(CudaLibrary):
    name = "nvjitlink"
    aliases = ["libnvjitlink"]
    summary = "NVIDIA JIT link library for CUDA device code (libnvJitLink)"
    libraries = [r"libnvJitLink\.so\.(?P<version>\d+\.\d+\.\d+)"]
    python_dist = ["nvidia-nvjitlink", "nvidia-nvjitlink-cu12"]
    wheel_dirs = ("nvidia/cu13", "nvidia/nvjitlink")
