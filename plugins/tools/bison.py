"""GNU Bison, the parser generator."""

from envmgr.soft import Soft


class Bison(Soft):
    name = "bison"
    aliases = ["gnu-bison"]
    category = "tool"
    tags = ["build", "parser-generator"]
    summary = "GNU Bison parser generator"
    executables = ["bison"]
    # "bison (GNU Bison) 3.8.2"; Bison 1.x said "GNU Bison version 1.28". byacc's yacc
    # is another program and is not matched.
    version_regex = r"^(?:bison \(GNU Bison\)|GNU Bison version) (?P<version>\d+(?:\.\d+)+)"
