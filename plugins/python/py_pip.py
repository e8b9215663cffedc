"""pip, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPip(Soft):
    name = "py-pip"
    category = "python-package"
    tags = ["package-manager"]
    summary = "pip, the Python package installer (installed distribution)"
    python_dist = "pip"
    side_by_side = True  # one in each Python's site-packages: a case has two
