"""safetensors, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PySafetensors(Soft):
    name = "py-safetensors"
    aliases = ["safetensors"]
    category = "python-package"
    tags = ["ml", "format"]
    summary = "safetensors, the safe tensor file format (installed distribution)"
    python_dist = "safetensors"
    side_by_side = True  # one in each Python's site-packages: a case has two
