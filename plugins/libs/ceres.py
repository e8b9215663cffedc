"""Ceres Solver, Google's nonlinear least-squares library, found by its version header."""

from envmgr.soft import Soft


class Ceres(Soft):
    name = "ceres"
    aliases = ["ceres-solver", "libceres"]
    category = "lib"
    tags = ["solver", "optimization", "math"]
    summary = "Ceres Solver nonlinear least squares (headers)"
    headers = ["ceres/version.h"]
    version_macros = ["CERES_VERSION_MAJOR", "CERES_VERSION_MINOR", "CERES_VERSION_REVISION"]
