"""Doxygen, the documentation generator for C++ and other languages."""

from envmgr.soft import Soft


class Doxygen(Soft):
    name = "doxygen"
    category = "tool"
    tags = ["docs"]
    summary = "Doxygen documentation generator"
    executables = [r"doxygen"]
    companions = ["doxywizard", "doxyindexer"]
    # "1.9.4", or "1.9.8 (c2fe5c3b7c2b4a8c7f0e2c8b...)" for a build from git
    version_regex = r"\A\s*(?P<version>\d+\.\d+\.\d+)\b"
    attrs_regex = {"commit": r"\A\s*\d+\.\d+\.\d+ \(([0-9a-f]{7,40})[\s)]"}
