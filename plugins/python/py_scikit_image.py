"""scikit-image, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyScikitImage(Soft):
    name = "py-scikit-image"
    aliases = ["scikit-image", "skimage"]
    category = "python-package"
    tags = ["image", "scientific"]
    summary = "scikit-image, image processing in Python (installed distribution)"
    python_dist = "scikit-image"
    side_by_side = True  # one in each Python's site-packages: a case has two
