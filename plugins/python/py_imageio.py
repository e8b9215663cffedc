"""imageio, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyImageio(Soft):
    name = "py-imageio"
    aliases = ["imageio"]
    category = "python-package"
    tags = ["image", "io"]
    summary = "imageio, reading and writing image, video and volume data (installed distribution)"
    python_dist = "imageio"
    side_by_side = True  # one in each Python's site-packages: a case has two
