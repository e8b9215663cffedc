"""NVIDIA cuSPARSE, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class CuSPARSE(CudaLibrary):
    name = "cusparse"
    aliases = ["libcusparse"]
    summary = "NVIDIA cuSPARSE, sparse linear algebra on CUDA GPUs (libcusparse)"
    libraries = [r"libcusparse\.so\.(?P<version>\d+\.\d+\.\d+(?:\.\d+)?)"]
    python_dist = ["nvidia-cusparse", "nvidia-cusparse-cu12", "nvidia-cusparse-cu11"]
    wheel_dirs = ("nvidia/cu13", "nvidia/cusparse")
