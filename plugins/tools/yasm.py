"""Yasm, the modular x86 assembler."""

from envmgr.soft import Soft


class Yasm(Soft):
    name = "yasm"
    category = "tool"
    tags = ["build", "assembler"]
    summary = "Yasm modular x86 assembler"
    executables = ["yasm"]
    version_regex = r"^yasm (?P<version>\d+(?:\.\d+)+)"
