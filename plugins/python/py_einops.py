"""einops, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyEinops(Soft):
    name = "py-einops"
    aliases = ["einops"]
    category = "python-package"
    tags = ["ml", "array"]
    summary = "einops, tensor operations by Einstein-like notation (installed distribution)"
    python_dist = "einops"
    side_by_side = True  # one in each Python's site-packages: a case has two
