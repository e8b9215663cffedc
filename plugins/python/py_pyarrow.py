"""PyArrow, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPyarrow(Soft):
    name = "py-pyarrow"
    aliases = ["pyarrow"]
    category = "python-package"
    tags = ["dataframe", "arrow"]
    summary = "PyArrow, the Python API of Apache Arrow (installed distribution)"
    python_dist = "pyarrow"
    side_by_side = True  # one in each Python's site-packages: a case has two
