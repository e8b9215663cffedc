"""ARPACK-NG, the large-scale eigenvalue solver, found by its pkg-config file."""

from envmgr.soft import Soft


class ARPACK(Soft):
    name = "arpack"
    aliases = ["arpack-ng", "libarpack"]
    category = "lib"
    tags = ["eigensolver", "math"]
    summary = "ARPACK-NG large-scale eigenvalue problems (pkg-config)"
    # arpack.pc "Version: 3.8.0" is the release; libarpack.so.2.1.0 is a libtool ABI
    # number, not a version, so the library form is not declared.
    pkgconfig = "arpack"
