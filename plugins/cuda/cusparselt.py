"""NVIDIA cuSPARSELt, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class CuSPARSELt(CudaLibrary):
    name = "cusparselt"
    aliases = ["libcusparselt"]
    summary = "NVIDIA cuSPARSELt, structured sparse matrix multiply (libcusparseLt)"
    libraries = [r"libcusparseLt\.so\.(?P<version>\d+\.\d+\.\d+(?:\.\d+)?)"]
    python_dist = ["nvidia-cusparselt-cu13", "nvidia-cusparselt-cu12"]
    wheel_dirs = ("nvidia/cu13", "nvidia/cusparselt")
