"""ml_dtypes, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyMlDtypes(Soft):
    name = "py-ml-dtypes"
    aliases = ["ml-dtypes"]
    category = "python-package"
    tags = ["ml", "array"]
    summary = "ml_dtypes, bfloat16 and float8 types for NumPy (installed distribution)"
    python_dist = "ml-dtypes"
    side_by_side = True  # one in each Python's site-packages: a case has two
