"""PicoLisp, found by its interpreter picolisp."""

from envmgr.soft import Soft


class PicoLisp(Soft):
    name = "picolisp"
    aliases = ["pil"]
    category = "lang"
    tags = ["lang-lisp"]
    summary = "PicoLisp interpreter"
    executables = [r"picolisp"]
    companions = ["pil"]
    # `-version` prints "23.2.8"; `-bye` ends it instead of starting the REPL
    version_args = ["-version", "-bye"]
    version_regex = r"\A(?P<version>\d+\.\d+\.\d+)\s*\Z"
