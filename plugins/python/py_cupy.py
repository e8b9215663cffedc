"""CuPy, found as an installed distribution in a site-packages dir."""

from envmgr.soft import Soft


class PyCupy(Soft):
    name = "py-cupy"
    aliases = ["cupy"]
    category = "python-package"
    tags = ["array", "gpu"]
    summary = "CuPy, NumPy-compatible arrays on CUDA GPUs (cupy-cuda12x and the other builds)"
    # each name is one build of the same package; one dist-info per site-packages
    python_dist = ["cupy-cuda12x", "cupy-cuda13x", "cupy-cuda11x", "cupy"]
    side_by_side = True  # one in each Python's site-packages: a case has two
