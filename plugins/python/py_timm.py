"""timm, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyTimm(Soft):
    name = "py-timm"
    aliases = ["timm"]
    category = "python-package"
    tags = ["ml", "vision"]
    summary = "timm, PyTorch image models (installed distribution)"
    python_dist = "timm"
    side_by_side = True  # one in each Python's site-packages: a case has two
