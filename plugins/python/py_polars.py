"""Polars, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPolars(Soft):
    name = "py-polars"
    category = "python-package"
    tags = ["dataframe"]
    summary = "Polars, DataFrames in Rust (installed distribution)"
    python_dist = "polars"
    side_by_side = True  # one in each Python's site-packages: a case has two
