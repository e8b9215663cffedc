"""Poly/ML, the Standard ML implementation (poly)."""

from envmgr.soft import Soft


class PolyML(Soft):
    name = "polyml"
    aliases = ["poly-ml", "lang-sml"]
    category = "lang"
    tags = ["lang-sml"]
    summary = "Poly/ML Standard ML compiler (poly)"
    executables = [r"poly"]
    companions = ["polyc", "polyimport"]
    version_args = ["-v"]
    # "Poly/ML 5.7.1 Release    RTS version: X86_64-5.7.1"
    version_regex = r"^Poly/ML (?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {"rts": r"RTS version: (\S+)"}
