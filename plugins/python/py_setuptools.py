"""setuptools, found as an installed distribution (dist-info or egg-info)."""

from envmgr.soft import Soft


class PySetuptools(Soft):
    name = "py-setuptools"
    category = "python-package"
    tags = ["build"]
    summary = "setuptools, the Python packaging library (installed distribution)"
    python_dist = "setuptools"
    side_by_side = True  # one in each Python's site-packages: a case has two
