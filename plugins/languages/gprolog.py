"""GNU Prolog, found by its toplevel gprolog."""

from envmgr.soft import Soft


class GProlog(Soft):
    name = "gprolog"
    aliases = ["gnu-prolog"]
    category = "lang"
    tags = ["lang-prolog"]
    summary = "GNU Prolog (gprolog, gplc)"
    executables = [r"gprolog"]
    companions = ["gplc", "hexgplc", "pl2wam", "wam2ma", "ma2asm"]
    # "Prolog top-Level (GNU Prolog) 1.4.5" (gplc says "GNU Prolog compiler"); `--version`
    # alone, never bare (it would start the toplevel)
    version_regex = r"^Prolog top-Level \(GNU Prolog\) (?P<version>\d+\.\d+\.\d+)"
