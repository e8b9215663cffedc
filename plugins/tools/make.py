"""GNU Make."""

from envmgr.soft import Soft


class Make(Soft):
    name = "make"
    aliases = ["gmake"]
    category = "tool"
    tags = ["build"]
    summary = "GNU Make, the classic build automation tool"
    executables = [r"g?make"]
    companions = ["make", "gmake"]  # both names in a shell, whichever was found
    # BSD make (bmake) and others print no "GNU Make" line and are rejected.
    version_regex = r"^GNU Make (?P<version>\d+(?:\.\d+)+)"
    rejects = True  # bmake as make: a negative case records it
