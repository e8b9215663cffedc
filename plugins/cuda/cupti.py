"""NVIDIA CUDA Profiling Tools Interface, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class CUPTI(CudaLibrary):
    name = "cupti"
    aliases = ["libcupti"]
    summary = "NVIDIA CUDA Profiling Tools Interface (libcupti)"
    # CUDA 13's libcupti.so.2025.3.1 numbers CUPTI by year, its wheel nvidia-cuda-cupti
    # 13.0.85 by toolkit: two names of one release, each entry says its own
    libraries = [r"libcupti\.so\.(?P<version>\d+\.\d+\.\d+)"]
    python_dist = ["nvidia-cuda-cupti", "nvidia-cuda-cupti-cu12", "nvidia-cuda-cupti-cu11"]
    wheel_dirs = ("nvidia/cu13", "nvidia/cuda_cupti")
