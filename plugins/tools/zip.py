"""Info-ZIP's zip archiver."""

from envmgr.soft import Soft


class Zip(Soft):
    name = "zip"
    category = "tool"
    tags = ["archive", "compression"]
    summary = "Info-ZIP zip archiver"
    executables = [r"zip"]
    version_args = ["-v"]
    # "This is Zip 3.0 (July 5th 2008), by Info-ZIP." after a copyright line.
    version_regex = r"^This is Zip (?P<version>\d+\.\d+[a-z]?)"
