"""include-what-you-use, the C and C++ #include analyser."""

from envmgr.soft import Soft


class Iwyu(Soft):
    name = "iwyu"
    aliases = ["include-what-you-use"]
    category = "tool"
    tags = ["lint", "clang-tools"]
    summary = "include-what-you-use #include analyser"
    executables = [r"include-what-you-use"]
    companions = ["iwyu_tool", "fix_include"]
    # "include-what-you-use 0.18 based on Debian clang version 14.0.6"
    version_regex = r"^include-what-you-use (?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {"clang": r"based on (?:[\w.-]+ )*clang version (\d+\.\d+\.\d+)"}
