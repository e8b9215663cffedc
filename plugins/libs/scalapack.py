"""ScaLAPACK, the distributed-memory LAPACK, found by its pkg-config file."""

from envmgr.soft import Soft


class ScaLAPACK(Soft):
    name = "scalapack"
    aliases = ["libscalapack", "netlib-scalapack"]
    category = "lib"
    tags = ["lapack", "math", "mpi"]
    summary = "ScaLAPACK distributed-memory linear algebra (pkg-config)"
    # upstream installs scalapack.pc; Debian one per MPI: scalapack-openmpi.pc,
    # scalapack-mpich.pc (the pc name is the flavour, kept in attrs.pkgconfig)
    pkgconfig = ["scalapack", "scalapack-openmpi", "scalapack-mpich"]
