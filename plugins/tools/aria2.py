"""aria2, the multi-protocol download utility."""

from envmgr.soft import Soft


class Aria2(Soft):
    name = "aria2"
    aliases = ["aria2c"]
    category = "tool"
    tags = ["network", "download"]
    summary = "aria2 multi-protocol download utility (aria2c)"
    executables = [r"aria2c"]
    # "aria2 version 1.36.0"
    version_regex = r"^aria2 version (?P<version>\d+(?:\.\d+)+)"
