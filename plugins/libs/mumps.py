"""MUMPS, the parallel sparse direct solver, found by its header."""

from envmgr.soft import Soft


class MUMPS(Soft):
    name = "mumps"
    aliases = ["libmumps"]
    category = "lib"
    tags = ["sparse", "solver", "math", "mpi"]
    summary = "MUMPS multifrontal massively parallel sparse solver (headers)"
    # dmumps_c.h (double precision, always built): #define MUMPS_VERSION "5.5.1"
    headers = ["dmumps_c.h"]
    version_macros = ["MUMPS_VERSION"]
