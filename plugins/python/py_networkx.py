"""NetworkX, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyNetworkx(Soft):
    name = "py-networkx"
    aliases = ["networkx"]
    category = "python-package"
    tags = ["graph", "scientific"]
    summary = "NetworkX, graphs and networks in Python (installed distribution)"
    python_dist = "networkx"
    # one in each Python's site-packages: a case has two
    side_by_side = True
