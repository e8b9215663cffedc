"""hypre, LLNL's scalable preconditioners, found by its configured header."""

from envmgr.soft import Soft


class Hypre(Soft):
    name = "hypre"
    aliases = ["libhypre"]
    category = "lib"
    tags = ["solver", "math", "mpi"]
    summary = "hypre scalable linear solvers and multigrid (headers)"
    # HYPRE_config.h: #define HYPRE_RELEASE_VERSION "2.26.0"; Debian's include/hypre/,
    # upstream's include/.
    headers = ["hypre/HYPRE_config.h", "HYPRE_config.h"]
    version_macros = ["HYPRE_RELEASE_VERSION"]
