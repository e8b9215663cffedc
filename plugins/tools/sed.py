"""GNU sed, the stream editor."""

from envmgr.soft import Soft


class Sed(Soft):
    name = "sed"
    category = "tool"
    tags = ["gnu-tools", "system"]
    summary = "GNU sed stream editor"
    executables = [r"sed", r"gsed"]
    # "sed (GNU sed) <version>"; other programs under the name, such as busybox's sed
    # (This is not GNU sed version 4.0), are rejected.
    version_regex = r"^(?:\S*/)?g?sed \(GNU sed\) (?P<version>\d+\.\d+(?:\.\d+)?)"
    rejects = True  # busybox linked as sed: a negative case records it
