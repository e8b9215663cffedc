"""pytest, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPytest(Soft):
    name = "py-pytest"
    aliases = ["pytest"]
    category = "python-package"
    tags = ["test"]
    summary = "pytest, the Python testing framework (installed distribution)"
    python_dist = "pytest"
    # one in each Python's site-packages: a case has two
    side_by_side = True
