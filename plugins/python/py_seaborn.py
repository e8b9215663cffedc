"""seaborn, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PySeaborn(Soft):
    name = "py-seaborn"
    aliases = ["seaborn"]
    category = "python-package"
    tags = ["plotting", "visualisation"]
    summary = "seaborn, statistical data visualisation (installed distribution)"
    python_dist = "seaborn"
    side_by_side = True  # one in each Python's site-packages: a case has two
