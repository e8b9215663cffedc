"""SWI-Prolog, found by its executable swipl."""

import os

from envmgr.soft import Candidate, Soft


class SWIProlog(Soft):
    name = "swi-prolog"
    aliases = ["swipl"]
    category = "lang"
    tags = ["lang-prolog"]
    summary = "SWI-Prolog (swipl)"
    executables = [r"swipl"]
    search_dirs = ["/opt/swipl*/bin", "/usr/lib/swi-prolog/bin/*"]
    companions = ["swipl-ld"]
    # "SWI-Prolog version 9.0.4 for x86_64-linux"
    version_regex = r"^SWI-Prolog version (?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {"arch": r"^SWI-Prolog version \S+ for (\S+)"}
    side_by_side = "Debian packages one SWI-Prolog: no second could be had to capture"

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        # SWI-Prolog's home keeps its binary in bin/<arch>/swipl (Debian's
        # /usr/lib/swi-prolog/bin/x86_64-linux/swipl): the home is the prefix
        bindir = os.path.dirname(candidate.realpath)
        parent = os.path.dirname(bindir)
        if os.path.basename(parent) == "bin" and os.path.basename(bindir) != "bin":
            return os.path.dirname(parent) or "/"
        return super().determine_prefix(candidate)
