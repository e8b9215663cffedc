"""Cython, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyCython(Soft):
    name = "py-cython"
    aliases = ["cython"]
    category = "python-package"
    tags = ["compiler", "build"]
    summary = "Cython, the C extension compiler of Python (installed distribution)"
    python_dist = "Cython"
    # one in each Python's site-packages: a case has two
    side_by_side = True
