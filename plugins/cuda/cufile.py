"""NVIDIA GPUDirect Storage library, found by its library file and by NVIDIA's pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class CuFile(CudaLibrary):
    name = "cufile"
    aliases = ["gpudirect-storage", "libcufile"]
    summary = "NVIDIA GPUDirect Storage library (libcufile)"
    libraries = [r"libcufile\.so\.(?P<version>\d+\.\d+\.\d+)"]
    python_dist = ["nvidia-cufile", "nvidia-cufile-cu12"]
    wheel_dirs = ("nvidia/cu13", "nvidia/cufile")
    # nvidia-cufile 1.15.1.6 ships libcufile.so.1.15.1: the fourth part is the build's
    dist_version_parts = 3
