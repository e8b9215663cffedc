"""Crystal, found by its compiler crystal."""

from envmgr.soft import Soft


class Crystal(Soft):
    name = "crystal"
    aliases = ["crystal-lang", "lang-crystal"]
    category = "lang"
    tags = ["lang-crystal"]
    summary = "Crystal compiler"
    executables = [r"crystal"]
    search_dirs = ["/opt/crystal*/bin"]
    companions = ["shards"]
    # "Crystal 1.6.0 [...] (2022-10-...)" then "LLVM: 14.0.6" and "Default target: ..."
    version_regex = r"^Crystal (?P<version>\d+\.\d+\.\d+[\w.\-]*)"
    attrs_regex = {"llvm": r"^LLVM: (\S+)", "target": r"^Default target: (\S+)"}
    side_by_side = "Debian packages one Crystal: no second could be had to capture"
