"""The reference LAPACK of netlib, found by its pkg-config file and library."""

from ._netlib import NetlibPC


class LAPACK(NetlibPC):
    name = "lapack"
    aliases = ["netlib-lapack", "reflapack"]
    category = "lib"
    tags = ["lapack", "math"]
    summary = "Reference LAPACK from netlib (pkg-config, shared library)"
    # lapack-netlib.pc (Debian), lapack.pc (upstream, Fedora); another LAPACK behind
    # lapack.pc (Debian's alternatives: OpenBLAS) is rejected.
    pkgconfig = ["lapack-netlib", "lapack"]
    # liblapack.so.3: Debian's alternatives link resolves to blas/liblapack.so.3.11.0 (this
    # soft), or to openblas-*/ or blis-*/'s liblapack.so.3, rejected as that implementation's.
    libraries = [r"liblapack\.so\.(?P<version>3(?:\.\d+)*)"]
    reference_name = "LAPACK"
    rejects = True  # Debian's lapack.pc led by alternatives to OpenBLAS's: a negative case
