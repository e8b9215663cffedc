"""TensorBoard, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyTensorboard(Soft):
    name = "py-tensorboard"
    category = "python-package"
    tags = ["ml", "visualisation"]
    summary = "TensorBoard, TensorFlow's visualisation toolkit (installed distribution)"
    python_dist = "tensorboard"
    side_by_side = True  # one in each Python's site-packages: a case has two
