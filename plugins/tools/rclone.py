"""rclone, rsync for cloud storage."""

from envmgr.soft import Soft


class Rclone(Soft):
    name = "rclone"
    category = "tool"
    tags = ["network", "cloud"]
    summary = "rclone cloud storage sync"
    executables = [r"rclone"]
    version_args = ["version"]
    # "rclone v1.60.1-DEV" (Debian), "rclone v1.68.2"
    version_regex = r"^rclone v(?P<version>\d+\.\d+\.\d+(?:-[\w.]+)?)"
    attrs_regex = {"go": r"^- go/version: go(\d[\w.]*)"}
