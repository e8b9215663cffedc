"""SuperLU, the sparse direct solver, found by its pkg-config file and header."""

from envmgr.soft import Soft


class SuperLU(Soft):
    name = "superlu"
    aliases = ["libsuperlu"]
    category = "lib"
    tags = ["sparse", "solver", "math"]
    summary = "SuperLU sequential sparse direct solver (pkg-config, headers)"
    pkgconfig = "superlu"
    # slu_util.h: Debian's include/superlu/, upstream's include/ (CMake install)
    headers = ["superlu/slu_util.h", "slu_util.h"]
    version_macros = ["SUPERLU_MAJOR_VERSION", "SUPERLU_MINOR_VERSION", "SUPERLU_PATCH_VERSION"]
