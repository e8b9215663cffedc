"""CUDA runtime library, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class CudaRuntime(CudaLibrary):
    name = "cudart"
    aliases = ["cuda-runtime", "libcudart"]
    summary = "CUDA runtime library (libcudart)"
    libraries = [r"libcudart\.so\.(?P<version>\d+\.\d+\.\d+)"]
    python_dist = ["nvidia-cuda-runtime", "nvidia-cuda-runtime-cu12", "nvidia-cuda-runtime-cu11"]
    wheel_dirs = ("nvidia/cu13", "nvidia/cuda_runtime")
