"""Dask, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyDask(Soft):
    name = "py-dask"
    category = "python-package"
    tags = ["parallel", "dataframe"]
    summary = "Dask, parallel computing with task scheduling (installed distribution)"
    python_dist = "dask"
    side_by_side = True  # one in each Python's site-packages: a case has two
