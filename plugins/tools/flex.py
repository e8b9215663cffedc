"""flex, the fast lexical analyser generator."""

from envmgr.soft import Soft


class Flex(Soft):
    name = "flex"
    aliases = ["lex"]
    category = "tool"
    tags = ["build", "lexer-generator"]
    summary = "flex fast lexical analyser generator"
    executables = ["flex"]
    # "flex 2.6.4", "flex 2.6.4 Apple(flex-34)" (macOS), "flex version 2.5.35" (2.5.x).
    version_regex = r"^flex(?: version)? (?P<version>\d+(?:\.\d+)+)"
