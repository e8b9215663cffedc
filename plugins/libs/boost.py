"""Boost, the C++ libraries, found by boost/version.hpp."""

from __future__ import annotations

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
    version_packing = (100000, 100)
