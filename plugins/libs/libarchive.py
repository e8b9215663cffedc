"""libarchive, the archive library, found by libarchive.pc and archive.h."""

from envmgr.soft import Soft


class LibArchive(Soft):
    name = "libarchive"
    category = "lib"
    tags = ["compression", "archive"]
    summary = "libarchive multi-format archive library (pkg-config, header)"
    # libarchive.so.13.6.2 is the ABI number: not read.
    pkgconfig = "libarchive"
    headers = ["archive.h"]
    version_macros = ["ARCHIVE_VERSION_ONLY_STRING"]
