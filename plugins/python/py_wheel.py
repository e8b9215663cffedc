"""wheel, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyWheel(Soft):
    name = "py-wheel"
    aliases = []
    category = "python-package"
    tags = ["packaging"]
    summary = "wheel, the built-package format tool of Python (installed distribution)"
    python_dist = "wheel"
    # one in each Python's site-packages: a case has two
    side_by_side = True
