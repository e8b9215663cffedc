"""LDC, the LLVM-based D compiler (ldc2)."""

from envmgr.soft import Soft


class LDC(Soft):
    name = "ldc"
    aliases = ["ldc2"]
    category = "compiler"
    tags = ["lang-d"]
    summary = "LDC, the LLVM-based D compiler"
    executables = [r"ldc2"]
    companions = ["ldmd2", "ldc-build-runtime", "ldc-profdata"]
    # "LDC - the LLVM D compiler (1.30.0):" then "based on DMD v2.100.1 and LLVM 14.0.6"
    version_regex = r"^LDC - the LLVM D compiler \((?P<version>\d+\.\d+\.\d+[\w.\-]*)\)"
    attrs_regex = {"frontend": r"based on DMD v(\S+)", "llvm": r"and LLVM (\d[\w.]*)",
                   "target": r"Default target: (\S+)"}
    env = {"DC": "{executable}"}
