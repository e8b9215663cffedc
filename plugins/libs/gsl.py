"""The GNU Scientific Library, found by its pkg-config file."""

from envmgr.soft import Soft


class GSL(Soft):
    name = "gsl"
    aliases = ["libgsl"]
    category = "lib"
    tags = ["math"]
    summary = "GNU Scientific Library (pkg-config)"
    pkgconfig = "gsl"
