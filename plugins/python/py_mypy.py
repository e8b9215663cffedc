"""mypy, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyMypy(Soft):
    name = "py-mypy"
    aliases = ["mypy"]
    category = "python-package"
    tags = ["typing", "lint"]
    summary = "mypy, the static type checker of Python (installed distribution)"
    python_dist = "mypy"
    # one in each Python's site-packages: a case has two
    side_by_side = True
