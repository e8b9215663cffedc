"""defusedxml, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyDefusedxml(Soft):
    name = "py-defusedxml"
    aliases = ["defusedxml"]
    category = "python-package"
    tags = ["xml", "security"]
    summary = "defusedxml, XML parsing safe against XML bombs (installed distribution)"
    python_dist = "defusedxml"
    side_by_side = True  # one in each Python's site-packages: a case has two
