"""tqdm, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyTqdm(Soft):
    name = "py-tqdm"
    aliases = ["tqdm"]
    category = "python-package"
    tags = ["progress-bar"]
    summary = "tqdm, progress bars for Python (installed distribution)"
    python_dist = "tqdm"
    side_by_side = True  # one in each Python's site-packages: a case has two
