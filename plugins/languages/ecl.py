"""Embeddable Common Lisp (ecl)."""

from envmgr.soft import Soft


class ECL(Soft):
    name = "ecl"
    aliases = ["embeddable-common-lisp"]
    category = "lang"
    tags = ["lang-lisp", "common-lisp"]
    summary = "Embeddable Common Lisp"
    executables = [r"ecl"]
    companions = ["ecl-config"]
    # "ECL 21.2.1"
    version_regex = r"^ECL (?P<version>\d+\.\d+\.\d+)"
