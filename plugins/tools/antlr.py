"""ANTLR 4, the parser generator, found by its antlr4 launcher."""

from envmgr.soft import Soft


class Antlr(Soft):
    name = "antlr"
    aliases = ["antlr4"]
    category = "tool"
    tags = ["parser", "codegen", "jvm"]
    summary = "ANTLR 4 parser generator (antlr4)"
    executables = [r"antlr4"]
    # Without arguments: "ANTLR Parser Generator  Version 4.7.2" and its options.
    version_args = ()
    version_regex = r"^ANTLR Parser Generator\s+Version (?P<version>\d+\.\d+(?:\.\d+)?)"
    timeout = 20.0  # a Java program
