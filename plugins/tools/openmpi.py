"""Open MPI, the message passing library, found by its ompi_info or mpirun."""

from envmgr.soft import Soft


class OpenMPI(Soft):
    name = "openmpi"
    aliases = ["mpi"]
    category = "mpi"
    tags = ["parallel"]
    summary = "Open MPI message passing library, compiler wrappers and launcher"
    executables = [r"ompi_info", r"mpirun"]
    companions = ["mpicc", "mpicxx", "mpifort", "mpirun", "mpiexec", "ompi_info"]
    # "Open MPI v4.1.4" (ompi_info), "mpirun (Open MPI) 4.1.4"; another MPI's mpirun
    # (MPICH's "HYDRA build details", Intel MPI) is rejected.
    version_regex = r"^(?:Open MPI v|mpirun \(Open MPI\) )(?P<version>\d+(?:\.\d+)+(?:[a-z]+\d*)?)"
    # mpirun refuses to run as root unless told; --version does not, but be sure.
    probe_env = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"}
    env = {"MPI_HOME": "{prefix}"}
    rejects = True  # MPICH's mpirun: a negative case records it
