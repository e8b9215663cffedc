"""TensorFlow, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyTensorflow(Soft):
    name = "py-tensorflow"
    aliases = ["tensorflow"]
    category = "python-package"
    tags = ["ml", "framework", "deep-learning"]
    summary = "TensorFlow, the machine learning framework (installed distribution)"
    python_dist = "tensorflow"
    side_by_side = True  # one in each Python's site-packages: a case has two
