"""Git LFS, Git's large file storage extension."""

from envmgr.soft import Soft


class GitLfs(Soft):
    name = "git-lfs"
    category = "tool"
    tags = ["vcs"]
    summary = "Git LFS large file storage for Git"
    executables = [r"git-lfs"]
    version_args = ["version"]
    # "git-lfs/3.3.0 (GitHub; linux amd64; go 1.19.8)"
    version_regex = r"^git-lfs/(?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"go": r"; go (\d[\w.]*)\)"}
