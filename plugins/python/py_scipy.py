"""SciPy, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyScipy(Soft):
    name = "py-scipy"
    aliases = ["scipy"]
    category = "python-package"
    tags = ["scientific"]
    summary = "SciPy, algorithms for scientific computing in Python (installed distribution)"
    python_dist = "scipy"
    side_by_side = True  # one in each Python's site-packages: a case has two
