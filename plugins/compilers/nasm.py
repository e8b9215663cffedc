"""The Netwide Assembler (nasm) and the Yasm assembler."""

from envmgr.soft import Soft


class NASM(Soft):
    name = "nasm"
    category = "compiler"
    tags = ["lang-asm"]
    summary = "NASM, the Netwide Assembler (x86)"
    executables = [r"nasm"]
    companions = ["ndisasm"]
    version_args = ["-v"]
    # "NASM version 2.16.01"
    version_regex = r"^NASM version (?P<version>\d+\.\d+(?:\.\d+)*)"
    env = {"AS_NASM": "{executable}"}


class Yasm(Soft):
    name = "yasm"
    category = "compiler"
    tags = ["lang-asm"]
    summary = "Yasm modular assembler (x86, NASM syntax)"
    executables = [r"yasm"]
    companions = ["vsyasm", "ytasm"]
    # "yasm 1.3.0" then "Compiled on ..."
    version_regex = r"^yasm (?P<version>\d+\.\d+\.\d+)"
