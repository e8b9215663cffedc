"""GNU findutils, found by its find."""

from envmgr.soft import Soft


class Findutils(Soft):
    name = "findutils"
    category = "tool"
    tags = ["gnu-tools", "system"]
    summary = "GNU findutils (find, xargs)"
    executables = [r"find", r"gfind"]
    companions = ["xargs"]
    # "find (GNU findutils) <version>"; other programs under the name, such as busybox's
    # find applet, are rejected.
    version_regex = r"^(?:\S*/)?g?find \(GNU findutils\) (?P<version>\d+\.\d+(?:\.\d+)?)"
    rejects = True  # busybox linked as find: a negative case records it
