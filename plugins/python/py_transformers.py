"""Hugging Face Transformers, found as an installed distribution."""

from envmgr.soft import Soft


class PyTransformers(Soft):
    name = "py-transformers"
    aliases = ["transformers", "hf-transformers"]
    category = "python-package"
    tags = ["ml", "deep-learning", "nlp"]
    summary = "Hugging Face Transformers, pretrained models (installed distribution)"
    python_dist = "transformers"
    side_by_side = True  # one in each Python's site-packages: a case has two
