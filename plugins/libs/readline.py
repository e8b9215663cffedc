"""GNU Readline, found by its pkg-config file."""

from envmgr.soft import Soft


class Readline(Soft):
    name = "readline"
    aliases = ["libreadline"]
    category = "lib"
    summary = "GNU Readline line-editing library (pkg-config)"
    pkgconfig = "readline"
