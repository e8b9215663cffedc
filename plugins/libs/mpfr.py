"""GNU MPFR, multiple-precision floats, found by its pkg-config file or header."""

from envmgr.soft import Soft


class MPFR(Soft):
    name = "mpfr"
    aliases = ["libmpfr"]
    category = "lib"
    tags = ["math", "bignum"]
    summary = "GNU MPFR multiple-precision floating-point library (pkg-config, header)"
    pkgconfig = "mpfr"
    headers = ["mpfr.h"]
    version_macros = ["MPFR_VERSION_STRING"]
