"""NVIDIA DALI, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyNvidiaDali(Soft):
    name = "py-nvidia-dali"
    aliases = ["nvidia-dali", "dali"]
    category = "python-package"
    tags = ["ml", "data-loading", "gpu"]
    summary = "NVIDIA DALI, GPU data loading (nvidia-dali-cuda120 ..., installed distribution)"
    # each name is one build of the same package; one dist-info per site-packages
    python_dist = ["nvidia-dali-cuda120", "nvidia-dali-cuda110", "nvidia-dali-cuda130"]
    side_by_side = True  # one in each Python's site-packages: a case has two
