"""jaxlib, JAX's compiled runtime, found as an installed distribution."""

from envmgr.soft import Soft


class PyJaxlib(Soft):
    name = "py-jaxlib"
    aliases = ["jaxlib"]
    category = "python-package"
    tags = ["ml", "deep-learning", "xla"]
    summary = "jaxlib, the XLA-backed runtime library of JAX (installed distribution)"
    python_dist = "jaxlib"
    side_by_side = True  # one in each Python's site-packages: a case has two
