"""Abseil Python common libraries (absl-py), found as an installed distribution."""

from envmgr.soft import Soft


class PyAbsl(Soft):
    name = "py-absl"
    aliases = ["absl-py", "absl"]
    category = "python-package"
    tags = ["google"]
    summary = "Abseil Python common libraries (installed distribution)"
    # absl-py: the dist-info is absl_py-2.1.0
    python_dist = "absl-py"
    # one in each Python's site-packages: a case has two
    side_by_side = True
