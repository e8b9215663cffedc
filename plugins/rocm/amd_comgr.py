"""AMD's code object manager (comgr) of ROCm, found by its library file."""

from __future__ import annotations

from envmgr.soft import Soft


class AMDComgr(Soft):
    name = "amd-comgr"
    aliases = ["comgr", "libamd-comgr"]
    category = "rocm"
    tags = ["gpu", "compiler"]
    summary = "AMD ROCm code object manager library (libamd_comgr)"
    libraries = [r"libamd_comgr\.so\.(?P<version>\d+\.\d+\.\d+)"]
    search_dirs = ["/opt/rocm*/lib", "$ROCM_PATH/lib"]
    side_by_side = "only Debian's one ROCm could be installed here"
