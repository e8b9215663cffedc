"""jaxlib, JAX's compiled runtime, found as an installed distribution."""

from envmgr.soft import Soft


class PyJaxlib(Soft):
    name = "py-jaxlib"
    aliases = ["jaxlib"]
    category = "python-package"
    tags = ["ml", "deep-learning", "xla"]
    summary = "jaxlib, the XLA-backed runtime library of JAX (installed distribution)"
    python_dist = "jaxlib"
