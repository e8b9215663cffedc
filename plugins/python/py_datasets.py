"""Hugging Face Datasets, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyDatasets(Soft):
    name = "py-datasets"
    aliases = ["hf-datasets"]
    category = "python-package"
    tags = ["ml", "dataset"]
    summary = "Hugging Face Datasets (installed distribution)"
    python_dist = "datasets"
    side_by_side = True  # one in each Python's site-packages: a case has two
