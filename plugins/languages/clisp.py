"""GNU CLISP, the Common Lisp implementation."""

from envmgr.soft import Soft


class CLISP(Soft):
    name = "clisp"
    aliases = ["gnu-clisp"]
    category = "lang"
    tags = ["lang-lisp", "common-lisp"]
    summary = "GNU CLISP Common Lisp"
    executables = [r"clisp"]
    # "GNU CLISP 2.49.93+ (2018-02-18) (built on ...)"
    version_regex = r"^GNU CLISP (?P<version>\d+\.\d+(?:\.\d+)*\+?)"
