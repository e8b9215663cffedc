"""The reference BLAS of netlib, found by its pkg-config file and library."""

from ._netlib import NetlibPC


class BLAS(NetlibPC):
    name = "blas"
    aliases = ["netlib-blas", "refblas"]
    category = "lib"
    tags = ["blas", "math"]
    summary = "Reference BLAS from netlib (pkg-config, shared library)"
    # blas-netlib.pc (Debian), blas.pc (upstream LAPACK, Fedora); another BLAS behind
    # blas.pc (Debian's alternatives: OpenBLAS, BLIS) is rejected.
    pkgconfig = ["blas-netlib", "blas"]
    # libblas.so.3: Debian's alternatives link resolves to blas/libblas.so.3.11.0 (this
    # soft), or to openblas-*/ or blis-*/'s libblas.so.3, rejected as that implementation's.
    libraries = [r"libblas\.so\.(?P<version>3(?:\.\d+)*)"]
    reference_name = "BLAS"
    rejects = True  # blas.pc, libblas.so.3 led by alternatives to OpenBLAS: negative cases
