"""Jinja2, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyJinja2(Soft):
    name = "py-jinja2"
    aliases = ["jinja2"]
    category = "python-package"
    tags = ["template"]
    summary = "Jinja2, the template engine (installed distribution)"
    python_dist = "jinja2"
    side_by_side = True  # one in each Python's site-packages: a case has two
