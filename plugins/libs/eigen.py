"""Eigen, the C++ template library of linear algebra, found by its pkg-config file."""

from envmgr.soft import Soft


class Eigen(Soft):
    name = "eigen"
    aliases = ["eigen3"]
    category = "lib"
    tags = ["math", "header-only"]
    summary = "Eigen C++ linear algebra template library (pkg-config)"
    pkgconfig = "eigen3"
