"""newLISP, the scripting Lisp."""

from envmgr.soft import Soft


class NewLISP(Soft):
    name = "newlisp"
    category = "lang"
    tags = ["lang-lisp"]
    summary = "newLISP interpreter"
    executables = [r"newlisp"]
    version_args = ["-v"]
    # "newLISP v.10.7.5 64-bit on Linux IPv4/6 UTF-8 libffi."
    version_regex = r"^newLISP v\.(?P<version>\d+\.\d+\.\d+)"
