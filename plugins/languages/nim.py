"""Nim, found by its compiler nim (choosenim keeps toolchains side by side)."""

from envmgr.soft import Soft


class Nim(Soft):
    name = "nim"
    aliases = ["nim-lang", "lang-nim"]
    category = "lang"
    tags = ["lang-nim"]
    summary = "Nim compiler"
    executables = [r"nim"]
    search_dirs = ["~/.nimble/bin", "~/.choosenim/toolchains/*/bin"]
    companions = ["nimble", "nimsuggest", "nimgrep"]
    # "Nim Compiler Version 1.6.10 [Linux: amd64]"
    version_regex = r"^Nim Compiler Version (?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {"platform": r"^Nim Compiler Version \S+ \[([^\]]+)\]"}
    side_by_side = "one choosenim toolchain per version: only Debian's Nim could be captured"
