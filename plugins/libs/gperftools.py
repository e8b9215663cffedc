"""gperftools (tcmalloc and the CPU profiler), found by its pkg-config file and header."""

from __future__ import annotations

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
    # TC_VERSION_STRING, "gperftools 2.10", says the release whole; TC_VERSION_PATCH is
    # a string, what follows major.minor ("" here), so the three macros do not join
    # into it. libtcmalloc.so.4.5.10 is the ABI number: not read.
    version_macros = ["TC_VERSION_STRING"]

    @classmethod
    def version_from_macros(cls, text: str) -> str | None:
        """2.10 from ``#define TC_VERSION_STRING "gperftools 2.10"``."""
        value = super().version_from_macros(text)
        if value is None or not value.startswith("gperftools "):
            return None
        return value.removeprefix("gperftools ").strip() or None
