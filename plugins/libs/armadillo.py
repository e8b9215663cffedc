"""Armadillo, the C++ linear algebra library, found by its pkg-config file and header."""

from envmgr.soft import Soft


class Armadillo(Soft):
    name = "armadillo"
    aliases = ["libarmadillo"]
    category = "lib"
    tags = ["math", "linear-algebra"]
    summary = "Armadillo C++ linear algebra library (pkg-config, headers)"
    pkgconfig = "armadillo"
    headers = ["armadillo_bits/arma_version.hpp"]
    version_macros = ["ARMA_VERSION_MAJOR", "ARMA_VERSION_MINOR", "ARMA_VERSION_PATCH"]
