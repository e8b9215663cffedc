"""Pillow (PIL), found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPillow(Soft):
    name = "py-pillow"
    aliases = ["pillow", "pil"]
    category = "python-package"
    tags = ["image"]
    summary = "Pillow, the Python imaging library, PIL (installed distribution)"
    python_dist = "pillow"
    side_by_side = True  # one in each Python's site-packages: a case has two
