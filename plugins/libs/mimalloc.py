"""mimalloc, Microsoft's memory allocator, found by its header."""

from __future__ import annotations

from envmgr.soft import Soft


class Mimalloc(Soft):
    name = "mimalloc"
    aliases = ["libmimalloc"]
    category = "lib"
    tags = ["allocator"]
    summary = "mimalloc memory allocator (header)"
    # "#define MI_MALLOC_VERSION 209" is major, minor and patch as digits: 2.0.9 (1.7.9
    # is 179). Debian installs it as /usr/include/mimalloc.h; upstream's CMake as
    # <prefix>/include/mimalloc-2.0/mimalloc.h. The library (libmimalloc.so.2.0) and
    # mimalloc-config-version.cmake's PACKAGE_VERSION (2.0) drop the patch level.
    headers = ["mimalloc.h"]
    version_macros = ["MI_MALLOC_VERSION"]
    version_packing = (100, 10)
