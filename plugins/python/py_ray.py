"""Ray, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyRay(Soft):
    name = "py-ray"
    category = "python-package"
    tags = ["distributed", "ml"]
    summary = "Ray, distributed computing framework (installed distribution)"
    python_dist = "ray"
    side_by_side = True  # one in each Python's site-packages: a case has two
