"""hipRAND, the HIP random number interface (over rocRAND or cuRAND), found by its header."""

from __future__ import annotations

from envmgr.soft import Soft


class HipRAND(Soft):
    name = "hiprand"
    aliases = ["libhiprand"]
    category = "rocm"
    tags = ["gpu", "random"]
    summary = "AMD hipRAND random numbers over rocRAND or cuRAND"
    headers = ["hiprand/hiprand_version.h"]
    search_dirs = ["/opt/rocm*/include", "$ROCM_PATH/include"]
    side_by_side = "only Debian's one ROCm could be installed here"
    # "#define HIPRAND_VERSION 201009" is major * 100000 + minor * 100 + patch: 2.10.9.
    # libhiprand.so.1.1 carries the ABI version, not this: the header is the truth.
    version_regex = r"^\s*#\s*define\s+HIPRAND_VERSION\s+(\d+)\s*$"
    version_packing = (100000, 100)
