"""Hugging Face Accelerate, found as an installed distribution in a site-packages dir."""

from envmgr.soft import Soft


class PyAccelerate(Soft):
    name = "py-accelerate"
    aliases = ["hf-accelerate"]
    category = "python-package"
    tags = ["ml", "deep-learning"]
    summary = "Hugging Face Accelerate, device placement and distributed training"
    python_dist = "accelerate"
    side_by_side = True  # one in each Python's site-packages: a case has two
