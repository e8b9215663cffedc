"""PETSc, the scalable scientific computation toolkit, found by its pkg-config file."""

from envmgr.soft import Soft


class PETSc(Soft):
    name = "petsc"
    aliases = ["libpetsc"]
    category = "lib"
    tags = ["solver", "math", "mpi"]
    summary = "PETSc portable extensible toolkit for scientific computation (pkg-config)"
    # petsc.pc (PETSc.pc before 3.14; both in one dir are one entry). Each build is a
    # prefix of its own: Debian's /usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real and
    # -complex side by side, a source build's $PETSC_DIR/$PETSC_ARCH.
    pkgconfig = ["petsc", "PETSc"]
    search_dirs = ["/usr/lib/petscdir/*/*", "$PETSC_DIR/$PETSC_ARCH", "$PETSC_DIR"]
    side_by_side = True  # Debian's real and complex builds: a case has both
    env = {"PETSC_DIR": "{prefix}"}
