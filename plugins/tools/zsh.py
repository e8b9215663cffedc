"""Zsh, the Z shell."""

from envmgr.soft import Soft


class Zsh(Soft):
    name = "zsh"
    category = "tool"
    tags = ["shell"]
    summary = "Zsh, the Z shell"
    executables = [r"zsh"]
    # "zsh 5.9 (x86_64-debian-linux-gnu)"
    version_regex = r"^zsh (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"target": r"^zsh \S+ \(([\w.-]+)\)"}
