"""rocPRIM, ROCm's header-only parallel primitives, found by its version header."""

from __future__ import annotations

from envmgr.soft import Soft


class RocPRIM(Soft):
    name = "rocprim"
    category = "rocm"
    tags = ["cpp", "header-only", "gpu"]
    summary = "AMD rocPRIM parallel primitives for HIP (headers)"
    headers = ["rocprim/rocprim_version.hpp"]
    # rocPRIM's own version (2.10.9 in ROCm 5.3), not the ROCm release's
    version_macros = ["ROCPRIM_VERSION_MAJOR", "ROCPRIM_VERSION_MINOR", "ROCPRIM_VERSION_PATCH"]
    search_dirs = ["/opt/rocm*/include", "$ROCM_PATH/include"]
    side_by_side = "only Debian's one ROCm could be installed here"
