"""CFFI, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyCffi(Soft):
    name = "py-cffi"
    category = "python-package"
    tags = ["ffi", "bindings"]
    summary = "CFFI, the C foreign function interface for Python (installed distribution)"
    python_dist = "cffi"
    side_by_side = True  # one in each Python's site-packages: a case has two
