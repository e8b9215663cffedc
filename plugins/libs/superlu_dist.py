"""SuperLU_DIST, the distributed-memory sparse direct solver, found by pkg-config and header."""

from envmgr.soft import Soft


class SuperLUDist(Soft):
    name = "superlu-dist"
    aliases = ["superlu_dist", "libsuperlu-dist"]
    category = "lib"
    tags = ["sparse", "solver", "math", "mpi"]
    summary = "SuperLU_DIST MPI sparse direct solver (pkg-config, headers)"
    pkgconfig = "superlu_dist"
    # superlu_defs.h: Debian's include/superlu-dist/, upstream's include/
    headers = ["superlu-dist/superlu_defs.h", "superlu_defs.h"]
    version_macros = ["SUPERLU_DIST_MAJOR_VERSION", "SUPERLU_DIST_MINOR_VERSION",
                      "SUPERLU_DIST_PATCH_VERSION"]
