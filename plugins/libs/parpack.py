"""PARPACK, ARPACK-NG's MPI-parallel eigensolver, found by its pkg-config file."""

from envmgr.soft import Soft


class PARPACK(Soft):
    name = "parpack"
    aliases = ["libparpack"]
    category = "lib"
    tags = ["eigensolver", "math", "mpi"]
    summary = "PARPACK, ARPACK-NG's parallel eigensolver (pkg-config)"
    # parpack.pc carries ARPACK-NG's release (3.8.0); libparpack.so.2.1.0 is libtool's ABI.
    pkgconfig = "parpack"
