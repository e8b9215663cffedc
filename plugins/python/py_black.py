"""Black, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyBlack(Soft):
    name = "py-black"
    aliases = ["black"]
    category = "python-package"
    tags = ["formatter", "lint"]
    summary = "Black, the Python code formatter (installed distribution)"
    python_dist = "black"
    # one in each Python's site-packages: a case has two
    side_by_side = True
