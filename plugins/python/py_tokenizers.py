"""Hugging Face Tokenizers, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyTokenizers(Soft):
    name = "py-tokenizers"
    aliases = ["hf-tokenizers"]
    category = "python-package"
    tags = ["ml", "nlp"]
    summary = "Hugging Face Tokenizers, fast tokenizers in Rust (installed distribution)"
    python_dist = "tokenizers"
    side_by_side = True  # one in each Python's site-packages: a case has two
