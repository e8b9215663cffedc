"""LIBXSMM, the small dense and sparse matrix-multiplication library, found by pkg-config."""

from envmgr.soft import Soft


class LIBXSMM(Soft):
    name = "xsmm"
    aliases = ["libxsmm"]
    category = "lib"
    tags = ["blas", "math"]
    summary = "LIBXSMM small matrix multiplication and deep-learning kernels (pkg-config)"
    # libxsmm.pc "Version: 1.17.0" and libxsmm_version.h's MAJOR.MINOR.UPDATE agree (the
    # header's LIBXSMM_CONFIG_VERSION "1.17" drops the .0); libxsmmf/ext/noblas.pc are
    # parts of the same build, so only libxsmm.pc is read.
    pkgconfig = "libxsmm"
    headers = ["libxsmm_version.h"]
    version_macros = ["LIBXSMM_CONFIG_VERSION_MAJOR", "LIBXSMM_CONFIG_VERSION_MINOR",
                      "LIBXSMM_CONFIG_VERSION_UPDATE"]
