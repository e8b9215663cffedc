"""TinyCC (tcc), the small C compiler."""

from envmgr.soft import Soft


class TCC(Soft):
    name = "tcc"
    aliases = ["tinycc"]
    category = "compiler"
    tags = ["lang-c"]
    compilers = {"c": "tcc"}
    summary = "Tiny C Compiler (tcc)"
    executables = [r"tcc"]
    # "tcc version 0.9.27 (x86_64 Linux)"
    version_args = ["-v"]
    version_regex = r"^tcc version (?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {"target": r"^tcc version \S+ \(([^)]+)\)"}
