"""GNU patch, which applies diffs."""

from envmgr.soft import Soft


class Patch(Soft):
    name = "patch"
    category = "tool"
    tags = ["gnu-tools", "system"]
    summary = "GNU patch, applies diff files"
    executables = [r"patch", r"gpatch"]
    # "GNU patch 2.7.6"; busybox's patch applet and BSD patch are rejected.
    version_regex = r"^GNU patch (?P<version>\d+\.\d+(?:\.\d+)?)"
    rejects = True  # busybox linked as patch: a negative case records it
