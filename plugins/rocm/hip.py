"""AMD HIP, ROCm's CUDA-like runtime and compiler driver, by hipconfig, its header and library."""

from __future__ import annotations

from envmgr.soft import Soft


class HIP(Soft):
    name = "hip"
    aliases = ["hipcc", "rocm-hip"]
    category = "rocm"
    tags = ["compiler", "gpu", "lang-hip"]
    summary = "AMD HIP runtime and hipcc compiler driver (ROCm)"
    # hipconfig --version prints "5.2.21153-0" (AMD's ROCm: "6.2.41133-dd7f95766"):
    # major.minor.patch and a packaging number or git hash (hipcc --version says it too,
    # then runs the compiler behind it, clang or nvcc)
    executables = [r"hipconfig"]
    companions = ["hipcc"]
    search_dirs = ["/opt/rocm*/bin", "$ROCM_PATH/bin", "$HIP_PATH/bin"]
    side_by_side = "only Debian's one ROCm could be installed here"
    version_regex = r"^(?P<version>\d+\.\d+\.\d+)(?:-[0-9a-f]+)?\s*$"
    # hip/hip_version.h says the same 5.2.21153. The library is not a form: Debian's
    # libamdhip64.so.5.2.21153 agrees, but AMD's ROCm 6 names it libamdhip64.so.6.2.60200,
    # the ROCm release's number, which would be a second entry of one installation.
    headers = ["hip/hip_version.h"]
    version_macros = ["HIP_VERSION_MAJOR", "HIP_VERSION_MINOR", "HIP_VERSION_PATCH"]
    env = {"HIP_PATH": "{prefix}"}
