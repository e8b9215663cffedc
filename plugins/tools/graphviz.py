"""Graphviz, found by its dot layout program."""

from envmgr.soft import Soft


class Graphviz(Soft):
    name = "graphviz"
    aliases = ["dot"]
    category = "tool"
    tags = ["graph", "docs"]
    summary = "Graphviz graph visualisation (dot)"
    executables = ["dot"]
    version_args = ["-V"]
    # "dot - graphviz version 2.43.0 (0)" (stderr), "dot - graphviz version 9.0.0
    # (20230911.1827)". Another program named dot prints something else and is not taken.
    version_regex = r"^dot - [Gg]raphviz version (?P<version>\d+(?:\.\d+)+)"
