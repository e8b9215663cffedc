"""Flang, LLVM's Fortran compiler (flang-new before LLVM 17, flang after), side by side
in /usr/lib/llvm-N as clang is."""

from envmgr.soft import Soft


class Flang(Soft):
    name = "flang"
    aliases = ["flang-new", "llvm-flang"]
    category = "compiler"
    tags = ["lang-fortran", "lang-f90", "lang-f95"]
    summary = "LLVM Flang Fortran compiler (flang-new, flang)"
    # flang-new, flang-new-16, flang, flang-18; not flang-to-external-fc
    executables = [r"flang-new(?:-\d+)?", r"flang(?:-\d+)?"]
    search_dirs = ["/usr/lib/llvm-*/bin"]
    # "Debian flang-new version 16.0.6 (15~deb12u1)", "flang version 18.1.8"; AMD's AOCC
    # and Classic Flang say "clang version" instead and are rejected.
    version_regex = r"^(?:.*\s)?flang(?:-new)? version (?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {"target": r"^Target: (\S+)", "vendor": r"^(\S+) flang(?:-new)? version "}
    compilers = {"fortran": ["flang-new", "flang"]}
    rejects = "no real AOCC or Classic Flang could be had here to capture"
    side_by_side = "bookworm packages Flang for LLVM 16 alone (flang-16): no second to capture"
