"""LevelDB, the key-value store library, found by its header and shared library."""

from __future__ import annotations

import re

from envmgr.soft import Soft

_CONST = re.compile(r"^\s*static\s+const\s+int\s+k(Major|Minor)Version\s*=\s*(\d+)\s*;",
                    re.MULTILINE)


class LevelDB(Soft):
    name = "leveldb"
    aliases = ["libleveldb"]
    category = "lib"
    tags = ["database", "key-value"]
    summary = "LevelDB key-value store library (header, shared library)"
    # leveldb/db.h: "static const int kMajorVersion = 1;" and kMinorVersion = 23 (C++
    # constants, no macros). The library is libleveldb.so.1.23.0 (upstream's CMake adds
    # ".0"); Debian renames its soname libleveldb.so.1d, which says nothing.
    headers = ["leveldb/db.h"]
    version_regex = r"^\s*static\s+const\s+int\s+k(?:Major|Minor)Version\s*=\s*\d+\s*;"
    libraries = [r"libleveldb\.so\.(?P<version>\d+\.\d+)\.\d+"]

    @classmethod
    def determine_version(cls, output: str) -> str | None:
        """1.23 from the header's kMajorVersion and kMinorVersion constants."""
        found = dict(_CONST.findall(output))
        if "Major" not in found or "Minor" not in found:
            return None
        return f"{found['Major']}.{found['Minor']}"
