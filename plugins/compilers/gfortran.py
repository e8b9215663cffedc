"""GNU Fortran (gfortran), the Fortran compiler of GCC."""

from envmgr.soft import Soft


class GFortran(Soft):
    name = "gfortran"
    category = "compiler"
    tags = ["lang-f77", "lang-f90", "lang-f95", "lang-fortran"]
    summary = "GNU Fortran compiler (gfortran)"
    # gfortran and gfortran-12, not cross compilers (x86_64-linux-gnu-gfortran-12).
    executables = [r"gfortran(?:-\d+(?:\.\d+)*)?"]
    # `gfortran -v` names the version and the target in one run, as gcc's plugin reads it.
    version_args = ["-v"]
    version_regex = r"^gcc version (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {
        "target": r"^Target: (\S+)",
        "threads": r"^Thread model: (\S+)",
        "build": r"^gcc version \S+ \((.+)\)",
    }
    env = {"FC": "{executable}"}
