"""Snappy, Google's compression library, found by snappy.pc and its public header."""

from envmgr.soft import Soft


class Snappy(Soft):
    name = "snappy"
    aliases = ["libsnappy"]
    category = "lib"
    tags = ["compression"]
    summary = "Snappy compression library (pkg-config, header)"
    # snappy.pc is Debian's (upstream's CMake installs none); the header is everyone's.
    pkgconfig = "snappy"
    headers = ["snappy-stubs-public.h"]
    version_macros = ["SNAPPY_MAJOR", "SNAPPY_MINOR", "SNAPPY_PATCHLEVEL"]
