"""jq, the command-line JSON processor."""

from envmgr.soft import Soft


class Jq(Soft):
    name = "jq"
    category = "tool"
    tags = ["json"]
    summary = "jq command-line JSON processor"
    executables = ["jq"]
    # "jq-1.6", "jq-1.7.1", "jq-1.6-159-gcff5336" (a git build: the release before it)
    version_regex = r"^jq(?:-| version )(?P<version>\d+(?:\.\d+)+(?:rc\d+)?)"
