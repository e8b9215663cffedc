"""NVIDIA cuFFT, FFTs on CUDA GPUs, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class CuFFT(CudaLibrary):
    name = "cufft"
    aliases = ["libcufft"]
    summary = "NVIDIA cuFFT, FFTs on CUDA GPUs (libcufft)"
    libraries = [r"libcufft\.so\.(?P<version>\d+\.\d+\.\d+(?:\.\d+)?)"]
    python_dist = ["nvidia-cufft", "nvidia-cufft-cu12", "nvidia-cufft-cu11"]
    wheel_dirs = ("nvidia/cu13", "nvidia/cufft")
