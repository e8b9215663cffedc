"""The reference LAPACK of netlib, found by its pkg-config file."""

from ._netlib import NetlibPC


class LAPACK(NetlibPC):
    name = "lapack"
    aliases = ["netlib-lapack", "reflapack"]
    category = "lib"
    tags = ["lapack", "math"]
    summary = "Reference LAPACK from netlib (pkg-config)"
    # lapack-netlib.pc (Debian), lapack.pc (upstream, Fedora); another LAPACK behind
    # lapack.pc (Debian's alternatives: OpenBLAS) is rejected.
    pkgconfig = ["lapack-netlib", "lapack"]
    reference_name = "LAPACK"
    rejects = True  # Debian's lapack.pc led by alternatives to OpenBLAS's: a negative case
