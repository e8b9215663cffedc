"""rsync, the file synchronisation tool."""

from envmgr.soft import Soft


class Rsync(Soft):
    name = "rsync"
    category = "tool"
    tags = ["network"]
    summary = "rsync file synchronisation"
    executables = [r"rsync"]
    # "rsync  version 3.2.7  protocol version 31"; openrsync (macOS, OpenBSD) prints
    # "openrsync: protocol version 29" and is another program.
    version_regex = r"^rsync\s+version v?(?P<version>\d+\.\d+\.\d+(?:pre\d+|dev)?)"
    attrs_regex = {"protocol": r"\sprotocol version (\d+)"}
