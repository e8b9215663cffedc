"""HDF5, the hierarchical data format library, found by its pkg-config file."""

from envmgr.soft import Soft


class HDF5(Soft):
    name = "hdf5"
    aliases = ["libhdf5"]
    category = "lib"
    tags = ["io"]
    summary = "HDF5 hierarchical data format library (pkg-config)"
    # Debian: hdf5-serial.pc, and hdf5.pc an alternatives link to a flavour of it
    pkgconfig = ["hdf5", "hdf5-serial"]
