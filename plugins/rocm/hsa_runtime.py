"""ROCr, the HSA runtime of ROCm, found by its library file."""

from __future__ import annotations

from envmgr.soft import Soft


class HSARuntime(Soft):
    name = "hsa-runtime"
    aliases = ["rocr", "rocr-runtime", "libhsa-runtime64"]
    category = "rocm"
    tags = ["gpu", "runtime"]
    summary = "ROCm HSA runtime (ROCr, libhsa-runtime64)"
    # libhsa-runtime64.so.1.5.0: the library's own version, not the ROCm release's
    libraries = [r"libhsa-runtime64\.so\.(?P<version>\d+\.\d+\.\d+)"]
    search_dirs = ["/opt/rocm*/lib", "$ROCM_PATH/lib"]
    side_by_side = "only Debian's one ROCm could be installed here"
