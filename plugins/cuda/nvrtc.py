"""NVIDIA CUDA runtime compilation library, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class NVRTC(CudaLibrary):
    name = "nvrtc"
    aliases = ["libnvrtc"]
    summary = "NVIDIA CUDA runtime compilation library (libnvrtc)"
    libraries = [r"libnvrtc\.so\.(?P<version>\d+\.\d+\.\d+)"]
    python_dist = ["nvidia-cuda-nvrtc", "nvidia-cuda-nvrtc-cu12", "nvidia-cuda-nvrtc-cu11"]
    wheel_dirs = ("nvidia/cu13", "nvidia/cuda_nvrtc")
