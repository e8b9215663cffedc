"""pandas, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPandas(Soft):
    name = "py-pandas"
    aliases = ["pandas"]
    category = "python-package"
    tags = ["data", "dataframe"]
    summary = "pandas, data frames and data analysis for Python (installed distribution)"
    python_dist = "pandas"
    side_by_side = True  # one in each Python's site-packages: a case has two
