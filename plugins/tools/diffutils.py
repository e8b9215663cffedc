"""GNU diffutils, found by its diff."""

from envmgr.soft import Soft


class Diffutils(Soft):
    name = "diffutils"
    category = "tool"
    tags = ["gnu-tools", "system"]
    summary = "GNU diffutils (diff, cmp, diff3, sdiff)"
    executables = [r"diff", r"gdiff"]
    companions = ["cmp", "diff3", "sdiff"]
    # "diff (GNU diffutils) <version>"; other programs under the name, such as busybox's
    # diff applet, are rejected.
    version_regex = r"^(?:\S*/)?g?diff \(GNU diffutils\) (?P<version>\d+\.\d+(?:\.\d+)?)"
    rejects = True  # busybox linked as diff: a negative case records it
