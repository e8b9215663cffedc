"""GMP, the GNU multiple-precision arithmetic library, by its pkg-config file or header."""

from envmgr.soft import Soft


class GMP(Soft):
    name = "gmp"
    aliases = ["libgmp"]
    category = "lib"
    tags = ["math", "bignum"]
    summary = "GNU MP multiple-precision arithmetic library (pkg-config, header)"
    pkgconfig = "gmp"  # since GMP 6.2
    # Debian keeps gmp.h in the multiarch include dir (/usr/include/x86_64-linux-gnu);
    # the libgmp.so.10.4.1 soname says nothing of the release: not declared.
    headers = ["gmp.h"]
    version_macros = ["__GNU_MP_VERSION", "__GNU_MP_VERSION_MINOR", "__GNU_MP_VERSION_PATCHLEVEL"]
