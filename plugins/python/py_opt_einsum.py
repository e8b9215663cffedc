"""opt_einsum, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyOptEinsum(Soft):
    name = "py-opt-einsum"
    aliases = ["opt-einsum"]
    category = "python-package"
    tags = ["array", "scientific"]
    summary = "opt_einsum, optimised einsum contraction order (installed distribution)"
    python_dist = "opt-einsum"
    side_by_side = True  # one in each Python's site-packages: a case has two
