"""XGBoost, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyXgboost(Soft):
    name = "py-xgboost"
    category = "python-package"
    tags = ["ml", "gradient-boosting"]
    summary = "XGBoost, gradient boosted trees (Python package, installed distribution)"
    # each name is one build of the same package; one dist-info per site-packages
    python_dist = ["xgboost", "xgboost-cpu"]
    side_by_side = True  # one in each Python's site-packages: a case has two
