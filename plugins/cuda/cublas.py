"""NVIDIA cuBLAS, BLAS on CUDA GPUs, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class CuBLAS(CudaLibrary):
    name = "cublas"
    aliases = ["libcublas"]
    summary = "NVIDIA cuBLAS, BLAS on CUDA GPUs (libcublas)"
    libraries = [r"libcublas\.so\.(?P<version>\d+\.\d+\.\d+(?:\.\d+)?)"]
    python_dist = ["nvidia-cublas", "nvidia-cublas-cu12", "nvidia-cublas-cu11"]
    wheel_dirs = ("nvidia/cu13", "nvidia/cublas")
