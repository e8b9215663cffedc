"""NVIDIA NPP, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class NPP(CudaLibrary):
    name = "npp"
    aliases = ["libnpp"]
    summary = "NVIDIA Performance Primitives, image and signal processing on CUDA GPUs"
    libraries = [r"libnppc\.so\.(?P<version>\d+\.\d+\.\d+(?:\.\d+)?)"]
    python_dist = ["nvidia-npp", "nvidia-npp-cu12", "nvidia-npp-cu11"]
    side_by_side = "only the H200 machine's toolkit could be captured: no NPP wheel on the mirror"
    wheel_dirs = ("nvidia/cu13", "nvidia/npp")
