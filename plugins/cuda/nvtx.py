"""NVIDIA Tools Extension (NVTX), found by its pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class NVTX(CudaLibrary):
    name = "nvtx"
    aliases = ["nvtx3"]
    summary = "NVIDIA Tools Extension, annotations for profilers (pip wheel)"
    # NVTX 3 is header-only with one interop library, libnvtx3interop.so.1, whose names
    # carry no version: only the wheels say one.
    python_dist = ["nvidia-nvtx", "nvidia-nvtx-cu12", "nvidia-nvtx-cu11"]
    wheel_dirs = ("nvidia/cu13", "nvidia/nvtx")
