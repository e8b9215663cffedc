"""SentencePiece, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PySentencepiece(Soft):
    name = "py-sentencepiece"
    category = "python-package"
    tags = ["ml", "nlp"]
    summary = "SentencePiece, unsupervised text tokenizer (Python wrapper, installed distribution)"
    python_dist = "sentencepiece"
    side_by_side = True  # one in each Python's site-packages: a case has two
