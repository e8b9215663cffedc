"""Numba, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyNumba(Soft):
    name = "py-numba"
    aliases = ["numba"]
    category = "python-package"
    tags = ["jit", "scientific"]
    summary = "Numba, the JIT compiler of numerical Python (installed distribution)"
    python_dist = "numba"
    # one in each Python's site-packages: a case has two
    side_by_side = True
