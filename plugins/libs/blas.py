"""The reference BLAS of netlib, found by its pkg-config file."""

from ._netlib import NetlibPC


class BLAS(NetlibPC):
    name = "blas"
    aliases = ["netlib-blas", "refblas"]
    category = "lib"
    tags = ["blas", "math"]
    summary = "Reference BLAS from netlib (pkg-config)"
    # blas-netlib.pc (Debian), blas.pc (upstream LAPACK, Fedora); another BLAS behind
    # blas.pc (Debian's alternatives: OpenBLAS, BLIS) is rejected.
    pkgconfig = ["blas-netlib", "blas"]
    reference_name = "BLAS"
    rejects = True  # Debian's blas.pc led by alternatives to OpenBLAS's: a negative case
