"""PyTorch, found as an installed distribution (torch) in a Python's site-packages."""

from envmgr.soft import Soft


class PyTorch(Soft):
    name = "py-torch"
    aliases = ["torch", "pytorch"]
    category = "python-package"
    tags = ["ml", "framework", "deep-learning", "tensor"]
    summary = "PyTorch, the tensor and deep learning framework (installed distribution)"
    python_dist = "torch"
    side_by_side = True  # one in each Python's site-packages: a case has two
