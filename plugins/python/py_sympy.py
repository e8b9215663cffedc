"""SymPy, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PySympy(Soft):
    name = "py-sympy"
    aliases = ["sympy"]
    category = "python-package"
    tags = ["math", "scientific"]
    summary = "SymPy, symbolic mathematics in Python (installed distribution)"
    python_dist = "sympy"
    # one in each Python's site-packages: a case has two
    side_by_side = True
