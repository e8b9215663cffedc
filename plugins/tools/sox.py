"""SoX, the Swiss army knife of sound processing."""

from envmgr.soft import Soft


class Sox(Soft):
    name = "sox"
    category = "tool"
    tags = ["audio"]
    summary = "SoX sound processing"
    executables = [r"sox"]
    # "/usr/bin/sox:      SoX v14.4.2": sox names itself as it was run (argv[0]).
    version_regex = r"^(?:\S*/)?sox:\s+SoX v(?P<version>\d+\.\d+\.\d+)"
