"""JupyterLab, found as an installed distribution in a site-packages dir."""

from envmgr.soft import Soft


class PyJupyterlab(Soft):
    name = "py-jupyterlab"
    category = "python-package"
    tags = ["notebook", "ide"]
    summary = "JupyterLab, the Jupyter notebook interface (installed distribution)"
    python_dist = "jupyterlab"
    side_by_side = True  # one in each Python's site-packages: a case has two
