"""scikit-learn, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyScikitLearn(Soft):
    name = "py-scikit-learn"
    aliases = ["scikit-learn", "sklearn"]
    category = "python-package"
    tags = ["ml"]
    summary = "scikit-learn, machine learning in Python (installed distribution)"
    python_dist = "scikit-learn"
    side_by_side = True  # one in each Python's site-packages: a case has two
