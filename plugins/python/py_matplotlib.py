"""Matplotlib, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyMatplotlib(Soft):
    name = "py-matplotlib"
    aliases = ["matplotlib"]
    category = "python-package"
    tags = ["plotting", "visualization"]
    summary = "Matplotlib, plotting and visualization for Python (installed distribution)"
    python_dist = "matplotlib"
    side_by_side = True  # one in each Python's site-packages: a case has two
