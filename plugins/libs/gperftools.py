"""gperftools (tcmalloc and the CPU profiler), found by its pkg-config file and header."""

from envmgr.soft import Soft


class Gperftools(Soft):
    name = "gperftools"
    aliases = ["tcmalloc", "google-perftools"]
    category = "lib"
    tags = ["allocator", "profiler"]
    summary = "gperftools: tcmalloc allocator and CPU profiler (pkg-config, header)"
    # libtcmalloc_minimal.pc alone where only the minimal library is installed
    pkgconfig = ["libtcmalloc", "libtcmalloc_minimal"]
    headers = ["gperftools/tcmalloc.h"]
    # TC_VERSION_STRING is "gperftools 2.10"; the two numbers are the release
    # (libtcmalloc.so.4.5.10 is the ABI number: not read).
    version_macros = ["TC_VERSION_MAJOR", "TC_VERSION_MINOR"]
