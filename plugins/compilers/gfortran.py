"""GNU Fortran (gfortran), the Fortran compiler of GCC: probed as gcc is (`-v`, then the
dumps)."""

from .gcc import GCC


class GFortran(GCC):
    name = "gfortran"
    aliases = []
    tags = ["lang-f77", "lang-f90", "lang-f95", "lang-fortran"]
    summary = "GNU Fortran compiler (gfortran)"
    # gfortran and gfortran-12, not cross compilers (x86_64-linux-gnu-gfortran-12).
    executables = [r"gfortran(?:-\d+(?:\.\d+)*)?"]
    companions = []
    compilers = {"fortran": "gfortran"}
    side_by_side = True  # gfortran-11 beside gfortran-12: a case has them in one layout
    # gcc's rule (a clang posing as gfortran is turned down) applies, but nothing that
    # poses as gfortran could be had here to capture: no negative case.
    rejects = "no real tool posing as gfortran could be captured"
