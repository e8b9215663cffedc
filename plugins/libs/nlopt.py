"""NLopt, the nonlinear optimisation library, found by its pkg-config file."""

from envmgr.soft import Soft


class NLopt(Soft):
    name = "nlopt"
    aliases = ["libnlopt"]
    category = "lib"
    tags = ["optimization", "math"]
    summary = "NLopt nonlinear optimization library (pkg-config)"
    pkgconfig = "nlopt"
