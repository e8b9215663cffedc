"""Git, the distributed version control system."""

from envmgr.soft import Soft


class Git(Soft):
    name = "git"
    category = "tool"
    tags = ["vcs"]
    summary = "Git distributed version control system"
    executables = [r"git"]
    companions = ["gitk", "git-shell", "git-upload-pack", "git-receive-pack"]
    # "git version 2.39.5", "git version 2.39.3 (Apple Git-145)", "git version 2.41.0.windows.1"
    version_regex = r"^git version (?P<version>\d+(?:\.\d+)+)"
