"""Keras 3, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyKeras(Soft):
    name = "py-keras"
    aliases = ["keras"]
    category = "python-package"
    tags = ["ml", "deep-learning"]
    summary = "Keras 3, multi-backend deep learning (installed distribution)"
    python_dist = "keras"
    side_by_side = True  # one in each Python's site-packages: a case has two
