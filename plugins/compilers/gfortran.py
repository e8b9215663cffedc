"""GNU Fortran (gfortran), the Fortran compiler of GCC: probed as gcc is (`-v`)."""

from .gcc import GCC


class GFortran(GCC):
    name = "gfortran"
    aliases = []
    tags = ["lang-f77", "lang-f90", "lang-f95", "lang-fortran"]
    summary = "GNU Fortran compiler (gfortran)"
    # gfortran and gfortran-12, not cross compilers (x86_64-linux-gnu-gfortran-12).
    executables = [r"gfortran(?:-\d+(?:\.\d+)*)?"]
    companions = []
    env = {"FC": "{executable}"}
