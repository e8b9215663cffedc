"""xarray, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyXarray(Soft):
    name = "py-xarray"
    aliases = ["xarray"]
    category = "python-package"
    tags = ["array", "scientific"]
    summary = "xarray, labelled N-dimensional arrays (installed distribution)"
    python_dist = "xarray"
    side_by_side = True  # one in each Python's site-packages: a case has two
