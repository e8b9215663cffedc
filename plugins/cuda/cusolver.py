"""NVIDIA cuSOLVER, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class CuSOLVER(CudaLibrary):
    name = "cusolver"
    aliases = ["libcusolver"]
    summary = "NVIDIA cuSOLVER, dense and sparse solvers on CUDA GPUs (libcusolver)"
    libraries = [r"libcusolver\.so\.(?P<version>\d+\.\d+\.\d+(?:\.\d+)?)"]
    python_dist = ["nvidia-cusolver", "nvidia-cusolver-cu12", "nvidia-cusolver-cu11"]
    wheel_dirs = ("nvidia/cu13", "nvidia/cusolver")
