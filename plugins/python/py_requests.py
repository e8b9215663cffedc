"""Requests, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyRequests(Soft):
    name = "py-requests"
    aliases = ["requests"]
    category = "python-package"
    tags = ["http"]
    summary = "Requests, the HTTP client library for Python (installed distribution)"
    python_dist = "requests"
    side_by_side = True  # one in each Python's site-packages: a case has two
