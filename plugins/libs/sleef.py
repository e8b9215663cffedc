"""SLEEF, the vectorised math library, found by its pkg-config file."""

from envmgr.soft import Soft


class Sleef(Soft):
    name = "sleef"
    aliases = ["libsleef"]
    category = "lib"
    tags = ["math", "simd"]
    summary = "SLEEF SIMD library for evaluating elementary functions (pkg-config)"
    # sleef.pc; Debian's sleef.h is in include/<triple>/, a dir only searched on the host
    pkgconfig = "sleef"
