"""torchvision, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyTorchVision(Soft):
    name = "py-torchvision"
    aliases = ["torchvision"]
    category = "python-package"
    tags = ["ml", "vision", "deep-learning"]
    summary = "torchvision, PyTorch's vision models and transforms (installed distribution)"
    python_dist = "torchvision"
    side_by_side = True  # one in each Python's site-packages: a case has two
