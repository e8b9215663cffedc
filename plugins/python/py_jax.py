"""JAX, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyJax(Soft):
    name = "py-jax"
    aliases = ["jax"]
    category = "python-package"
    tags = ["ml", "framework", "deep-learning", "array"]
    summary = "JAX, NumPy with grad, jit and vmap (installed distribution)"
    python_dist = "jax"
    side_by_side = True  # one in each Python's site-packages: a case has two
