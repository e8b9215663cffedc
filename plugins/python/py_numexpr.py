"""NumExpr, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyNumexpr(Soft):
    name = "py-numexpr"
    aliases = ["numexpr"]
    category = "python-package"
    tags = ["array", "scientific"]
    summary = "NumExpr, fast evaluator of NumPy expressions (installed distribution)"
    python_dist = "numexpr"
    side_by_side = True  # one in each Python's site-packages: a case has two
