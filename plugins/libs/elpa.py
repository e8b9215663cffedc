"""ELPA, the eigenvalue solvers for petaflop applications, found by its pkg-config file."""

from envmgr.soft import Soft


class ELPA(Soft):
    name = "elpa"
    aliases = ["libelpa"]
    category = "lib"
    tags = ["eigensolver", "math", "mpi"]
    summary = "ELPA massively parallel eigenvalue solvers (pkg-config)"
    # elpa.pc "Version: 2022.11.001" is the release; elpa_version.h's ELPA_API_VERSION
    # (20221109) is the API date, not the release.
    pkgconfig = "elpa"
