"""NumPy, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyNumpy(Soft):
    name = "py-numpy"
    aliases = ["numpy"]
    category = "python-package"
    tags = ["array", "scientific"]
    summary = "NumPy, the array library of Python (installed distribution)"
    python_dist = "numpy"
    side_by_side = True  # one in each Python's site-packages: a case has two
