"""The NVIDIA GPU driver: nvidia-smi, the kernel module's /proc file, the driver's libraries."""

from __future__ import annotations

import re

from envmgr.soft import Soft

# nvidia-smi's CSV row: "NVIDIA H200, 580.159.04, 143771 MiB, 9.0"
_SMI_ROW = re.compile(r"^(?P<name>[^,\n]+), (?P<version>\d+\.\d+(?:\.\d+)?), "
                      r"(?P<memory>\d+) MiB, (?P<cc>\d+\.\d+)\s*$", re.MULTILINE)
# /proc/driver/nvidia/version: "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64
# 580.159.04  Release Build ..." (the proprietary module says "Kernel Module  535.54.03")
_NVRM = re.compile(r"^NVRM version:.*?Kernel Module(?: for \S+)?\s+(?P<version>\d+\.\d+(?:\.\d+)?)",
                   re.MULTILINE)


class NvidiaDriver(Soft):
    name = "nvidia-driver"
    aliases = ["nvidia-smi", "libcuda"]
    category = "cuda"
    tags = ["gpu", "driver"]
    summary = "NVIDIA GPU driver (nvidia-smi, /proc/driver/nvidia, libcuda.so)"
    executables = [r"nvidia-smi"]
    search_dirs = ["/usr/local/nvidia/bin"]  # where NVIDIA's container toolkit mounts it
    # One query that also says the first GPU; a driver that cannot reach a GPU prints
    # "No devices were found" or "NVIDIA-SMI has failed ..." and gives no version.
    version_args = ["--query-gpu=name,driver_version,memory.total,compute_cap", "--format=csv"]
    timeout = 15.0
    # The kernel module's own file: the driver that is loaded, with or without nvidia-smi.
    markers = ["version"]
    data_dirs = ["/proc/driver/nvidia"]
    version_file = "version"
    # what makes the marker dir's probe read version_file with determine_version, which
    # knows nvidia-smi's CSV as well
    version_regex = _NVRM.pattern
    # The user-space driver: libcuda.so.1 links to libcuda.so.<driver version>; its
    # siblings (libnvidia-ml, libnvidia-gpucomp ...) carry the same version.
    libraries = [r"libcuda\.so\.(?P<version>\d{3}\.\d+(?:\.\d+)?)",
                 r"libnvidia-ml\.so\.(?P<version>\d{3}\.\d+(?:\.\d+)?)",
                 r"libnvidia-gpucomp\.so\.(?P<version>\d{3}\.\d+(?:\.\d+)?)"]
    lib_dirs = ("lib64", "lib")

    @classmethod
    def determine_version(cls, output: str) -> str | None:
        """The driver version from nvidia-smi's CSV or from the kernel module's file."""
        m = _SMI_ROW.search(output) or _NVRM.search(output)
        return m.group("version") if m else None

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, str]:
        """The first GPU nvidia-smi lists: its name, memory and compute capability."""
        m = _SMI_ROW.search(output)
        if m:
            return {"gpu": m.group("name").strip(), "gpu_memory_mib": m.group("memory"),
                    "compute_capability": m.group("cc")}
        m = _NVRM.search(output)
        if m:
            return {"kernel_module": "open" if "Open Kernel Module" in m.group(0)
                    else "proprietary"}
        return {}
