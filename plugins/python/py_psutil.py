"""psutil, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPsutil(Soft):
    name = "py-psutil"
    aliases = ["psutil"]
    category = "python-package"
    tags = ["system"]
    summary = "psutil, process and system utilities of Python (installed distribution)"
    python_dist = "psutil"
    # one in each Python's site-packages: a case has two
    side_by_side = True
