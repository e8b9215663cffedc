"""pybind11's pip package, found as an installed distribution in a site-packages dir."""

from envmgr.soft import Soft


class PyPybind11(Soft):
    name = "py-pybind11"
    category = "python-package"
    tags = ["cpp", "bindings"]
    summary = "pybind11, C++11 and Python bindings (pip package: headers in site-packages)"
    python_dist = "pybind11"
    side_by_side = True  # one in each Python's site-packages: a case has two
