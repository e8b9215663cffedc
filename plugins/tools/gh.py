"""GitHub's command-line client."""

from envmgr.soft import Soft


class Gh(Soft):
    name = "gh"
    aliases = ["github-cli"]
    category = "tool"
    tags = ["vcs"]
    summary = "GitHub command-line client (gh)"
    executables = [r"gh"]
    # "gh version 2.23.0 (2023-03-04 Debian 2.23.0+dfsg1-1)"
    version_regex = r"^gh version (?P<version>\d+(?:\.\d+)+)"
    probe_env = {"GH_NO_UPDATE_NOTIFIER": "1", "NO_COLOR": "1"}
