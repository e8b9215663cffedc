"""Libxc, the exchange-correlation functionals library, found by pkg-config and header."""

from envmgr.soft import Soft


class Libxc(Soft):
    name = "libxc"
    aliases = ["xc"]
    category = "lib"
    tags = ["math", "chemistry"]
    summary = "Libxc exchange-correlation functionals for DFT (pkg-config, headers)"
    pkgconfig = "libxc"  # libxcf90.pc and libxcf03.pc are its Fortran bindings, same build
    headers = ["xc_version.h"]
    version_macros = ["XC_VERSION"]
