"""IPython, found as an installed distribution in a site-packages dir."""

from envmgr.soft import Soft


class PyIpython(Soft):
    name = "py-ipython"
    category = "python-package"
    tags = ["shell", "interactive"]
    summary = "IPython, the interactive Python shell (installed distribution)"
    python_dist = "ipython"
    side_by_side = True  # one in each Python's site-packages: a case has two
