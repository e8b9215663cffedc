"""filelock, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyFilelock(Soft):
    name = "py-filelock"
    aliases = ["filelock"]
    category = "python-package"
    tags = ["filesystem"]
    summary = "filelock, a platform-independent file lock (installed distribution)"
    python_dist = "filelock"
    side_by_side = True  # one in each Python's site-packages: a case has two
