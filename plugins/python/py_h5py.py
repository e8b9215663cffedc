"""h5py, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyH5py(Soft):
    name = "py-h5py"
    aliases = ["h5py"]
    category = "python-package"
    tags = ["hdf5", "io"]
    summary = "h5py, the HDF5 interface of Python (installed distribution)"
    python_dist = "h5py"
    # one in each Python's site-packages: a case has two
    side_by_side = True
