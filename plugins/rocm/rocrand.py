"""rocRAND, ROCm's random number library, found by its version header."""

from __future__ import annotations

from envmgr.soft import Soft


class RocRAND(Soft):
    name = "rocrand"
    aliases = ["librocrand"]
    category = "rocm"
    tags = ["gpu", "random"]
    summary = "AMD rocRAND random number generation for HIP"
    headers = ["rocrand/rocrand_version.h"]
    search_dirs = ["/opt/rocm*/include", "$ROCM_PATH/include"]
    side_by_side = "only Debian's one ROCm could be installed here"
    # "#define ROCRAND_VERSION 201009" is major * 100000 + minor * 100 + patch: 2.10.9.
    # librocrand.so.1.1 carries the ABI version, not this: the header is the truth.
    version_regex = r"^\s*#\s*define\s+ROCRAND_VERSION\s+(\d+)\s*$"
    version_packing = (100000, 100)
