"""mpi4py, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyMpi4py(Soft):
    name = "py-mpi4py"
    aliases = ["mpi4py"]
    category = "python-package"
    tags = ["mpi", "hpc"]
    summary = "mpi4py, MPI bindings for Python (installed distribution)"
    python_dist = "mpi4py"
    side_by_side = True  # one in each Python's site-packages: a case has two
