"""isl, the integer set library of GCC's Graphite, found by its pkg-config file."""

from envmgr.soft import Soft


class ISL(Soft):
    name = "isl"
    aliases = ["libisl"]
    category = "lib"
    tags = ["math", "polyhedral"]
    summary = "isl integer set and polyhedral library (pkg-config)"
    # isl.pc "Version: 0.25" is the release; libisl.so.23.2.0 is libtool's ABI number and
    # isl/version.h only declares isl_version(): neither is declared.
    pkgconfig = "isl"
