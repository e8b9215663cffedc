"""GNU coreutils, found by its ls."""

from envmgr.soft import Soft


class Coreutils(Soft):
    name = "coreutils"
    aliases = ["gnu-coreutils"]
    category = "tool"
    tags = ["system"]
    summary = "GNU core utilities (ls, cp, mv, ...)"
    executables = [r"ls", r"gls"]
    # "ls (GNU coreutils) 9.1"; busybox's ls applet and uutils' ("ls (uutils coreutils)
    # 0.0.17") are other programs: rejected.
    version_regex = r"^ls \(GNU coreutils\) (?P<version>\d+\.\d+(?:\.\d+)?)"
    rejects = True  # busybox linked as ls: a negative case records it
