"""packaging, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPackaging(Soft):
    name = "py-packaging"
    category = "python-package"
    tags = ["packaging"]
    summary = "packaging, Python's version and requirement parsing (installed distribution)"
    python_dist = "packaging"
    side_by_side = True  # one in each Python's site-packages: a case has two
