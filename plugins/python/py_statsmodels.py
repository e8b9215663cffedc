"""statsmodels, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyStatsmodels(Soft):
    name = "py-statsmodels"
    aliases = ["statsmodels"]
    category = "python-package"
    tags = ["statistics", "scientific"]
    summary = "statsmodels, statistical models and tests (installed distribution)"
    python_dist = "statsmodels"
    side_by_side = True  # one in each Python's site-packages: a case has two
