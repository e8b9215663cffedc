"""Ninja, the small build system focused on speed."""

from envmgr.soft import Soft


class Ninja(Soft):
    name = "ninja"
    aliases = ["ninja-build"]
    category = "tool"
    tags = ["build"]
    summary = "Ninja, a small build system focused on speed"
    executables = [r"ninja(?:-build)?"]
    # `ninja --version` prints the bare version and nothing else ("1.11.1", "1.12.0.git").
    version_regex = r"\A\s*(?P<version>\d+(?:\.\d+)+(?:\.git)?)\s*\Z"
