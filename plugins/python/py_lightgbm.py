"""LightGBM, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyLightgbm(Soft):
    name = "py-lightgbm"
    category = "python-package"
    tags = ["ml", "gradient-boosting"]
    summary = "LightGBM, gradient boosting framework (Python package, installed distribution)"
    python_dist = "lightgbm"
    side_by_side = True  # one in each Python's site-packages: a case has two
