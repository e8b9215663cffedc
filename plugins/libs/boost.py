"""Boost, the C++ libraries, found by boost/version.hpp."""

from __future__ import annotations

import re

from envmgr.soft import Soft


class Boost(Soft):
    name = "boost"
    aliases = ["libboost"]
    category = "lib"
    tags = ["cpp"]
    summary = "Boost C++ libraries (headers)"
    headers = ["boost/version.hpp"]
    # "#define BOOST_VERSION 107400" is major * 100000 + minor * 100 + patch;
    # BOOST_LIB_VERSION "1_74" drops the patch level.
    version_regex = r"^\s*#\s*define\s+BOOST_VERSION\s+(\d+)"

    @classmethod
    def determine_version(cls, output: str) -> str | None:
        """1.74.0 from ``#define BOOST_VERSION 107400``."""
        m = re.search(cls.version_regex or "", output, re.MULTILINE)
        if not m:
            return None
        n = int(m.group(1))
        return f"{n // 100000}.{n // 100 % 1000}.{n % 100}"
