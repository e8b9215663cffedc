"""NVIDIA cuRAND, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class CuRAND(CudaLibrary):
    name = "curand"
    aliases = ["libcurand"]
    summary = "NVIDIA cuRAND, random numbers on CUDA GPUs (libcurand)"
    libraries = [r"libcurand\.so\.(?P<version>\d+\.\d+\.\d+(?:\.\d+)?)"]
    python_dist = ["nvidia-curand", "nvidia-curand-cu12", "nvidia-curand-cu11"]
    wheel_dirs = ("nvidia/cu13", "nvidia/curand")
