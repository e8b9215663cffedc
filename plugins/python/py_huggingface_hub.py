"""huggingface_hub, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyHuggingfaceHub(Soft):
    name = "py-huggingface-hub"
    aliases = ["huggingface-hub", "huggingface_hub"]
    category = "python-package"
    tags = ["ml", "hub"]
    summary = "huggingface_hub, the Hugging Face Hub client (installed distribution)"
    python_dist = "huggingface-hub"
    side_by_side = True  # one in each Python's site-packages: a case has two
