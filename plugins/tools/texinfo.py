"""GNU Texinfo's makeinfo (texi2any), the documentation builder."""

from envmgr.soft import Soft


class Texinfo(Soft):
    name = "texinfo"
    aliases = ["makeinfo", "texi2any"]
    category = "tool"
    tags = ["build", "docs"]
    summary = "GNU Texinfo documentation tools (makeinfo)"
    executables = ["makeinfo", "texi2any"]
    # "texi2any (GNU texinfo) 6.8" (makeinfo is a link to texi2any), "makeinfo (GNU
    # texinfo) 4.13" (4.x, a program of its own).
    version_regex = r"^(?:makeinfo|texi2any) \(GNU texinfo\) (?P<version>\d+(?:\.\d+)+)"
