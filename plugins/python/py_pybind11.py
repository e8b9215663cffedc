"""pybind11's Python package (headers and CMake config in site-packages), found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPybind11(Soft):
    name = "py-pybind11"
    category = "python-package"
    tags = ["cpp", "bindings"]
    summary = "pybind11's Python package (headers and CMake config in site-packages, installed distribution)"
    python_dist = "pybind11"
    side_by_side = True  # one in each Python's site-packages: a case has two
