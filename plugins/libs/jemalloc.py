"""jemalloc, the memory allocator, found by its header."""

from envmgr.soft import Soft


class Jemalloc(Soft):
    name = "jemalloc"
    aliases = ["libjemalloc"]
    category = "lib"
    tags = ["allocator"]
    summary = "jemalloc memory allocator (header)"
    # jemalloc.pc says "5.3.0_0" and JEMALLOC_VERSION "5.3.0-0-g54eaed1d...": both are
    # `git describe` of the release 5.3.0, which the three numeric macros say alone.
    headers = ["jemalloc/jemalloc.h"]
    version_macros = ["JEMALLOC_VERSION_MAJOR", "JEMALLOC_VERSION_MINOR",
                      "JEMALLOC_VERSION_BUGFIX"]
