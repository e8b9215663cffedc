"""SuiteSparse, the sparse matrix collection, found by its SuiteSparse_config.h."""

from envmgr.soft import Soft


class SuiteSparse(Soft):
    name = "suitesparse"
    aliases = ["libsuitesparse"]
    category = "lib"
    tags = ["sparse", "math"]
    summary = "SuiteSparse sparse matrix algorithms (UMFPACK, CHOLMOD ...) (headers)"
    # The collection's version is SuiteSparse_config.h's; each part has its own soname
    # (Debian's 5.12.0 ships libumfpack.so.5.7.9, libcholmod.so.3.0.14): those are not it.
    # Debian and SuiteSparse 7 put it under include/suitesparse/, older builds in include/.
    headers = ["suitesparse/SuiteSparse_config.h", "SuiteSparse_config.h"]
    version_macros = ["SUITESPARSE_MAIN_VERSION", "SUITESPARSE_SUB_VERSION",
                      "SUITESPARSE_SUBSUB_VERSION"]
