"""GNU grep."""

from envmgr.soft import Soft


class Grep(Soft):
    name = "grep"
    category = "tool"
    tags = ["gnu-tools", "system"]
    summary = "GNU grep pattern search"
    executables = [r"grep", r"ggrep"]
    companions = ["egrep", "fgrep"]
    # "grep (GNU grep) <version>"; other programs under the name, such as busybox's grep
    # applet, are rejected.
    version_regex = r"^(?:\S*/)?g?grep \(GNU grep\) (?P<version>\d+\.\d+(?:\.\d+)?)"
    rejects = True  # busybox linked as grep: a negative case records it
