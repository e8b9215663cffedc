"""NASM, the Netwide Assembler."""

from envmgr.soft import Soft


class Nasm(Soft):
    name = "nasm"
    category = "tool"
    tags = ["build", "assembler"]
    summary = "NASM x86 assembler"
    executables = ["nasm"]
    version_args = ["-v"]
    # "NASM version 2.16.01 compiled on Dec 23 2022", "NASM version 2.15rc0 ..."
    version_regex = r"^NASM version (?P<version>\d+\.\d+(?:\.\d+)*(?:rc\d+)?)"
