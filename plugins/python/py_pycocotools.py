"""pycocotools, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPycocotools(Soft):
    name = "py-pycocotools"
    aliases = ["pycocotools", "coco-api"]
    category = "python-package"
    tags = ["vision", "dataset"]
    summary = "pycocotools, the COCO dataset API and evaluation (installed distribution)"
    python_dist = "pycocotools"
    side_by_side = True  # one in each Python's site-packages: a case has two
