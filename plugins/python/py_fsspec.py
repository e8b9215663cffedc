"""fsspec, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyFsspec(Soft):
    name = "py-fsspec"
    aliases = ["fsspec"]
    category = "python-package"
    tags = ["filesystem", "io"]
    summary = "fsspec, filesystem interfaces for Python (installed distribution)"
    python_dist = "fsspec"
    side_by_side = True  # one in each Python's site-packages: a case has two
