"""Open MPI, the message passing library, found by its ompi_info or its launcher."""

from envmgr.soft import Soft


class OpenMPI(Soft):
    name = "openmpi"
    aliases = ["mpi"]
    category = "mpi"
    tags = ["parallel"]
    summary = "Open MPI message passing library, compiler wrappers and launcher"
    # ompi_info; the launcher orterun under its names: Debian's mpirun.openmpi and
    # mpiexec.openmpi, and plain mpirun / mpiexec, which on Debian are alternatives links
    # to one MPI's launcher: followed to the real file, they are Open MPI's only where they
    # lead to orterun (MPICH's lead to mpiexec.hydra).
    executables = [r"ompi_info", r"orterun", r"mpi(?:run|exec)(?:\.openmpi)?"]
    companions = ["mpicc", "mpicxx", "mpifort", "mpirun", "mpiexec", "ompi_info"]
    # "Open MPI v4.1.4" (ompi_info); orterun names itself after argv[0]: "mpirun (Open MPI)
    # 4.1.4", "mpirun.openmpi (OpenRTE) 4.1.4", "orterun (OpenRTE) 4.1.4". Another MPI's
    # mpirun (MPICH's "HYDRA build details", Intel MPI's "Intel(R) MPI Library") is rejected.
    version_regex = (r"^(?:Open MPI v|(?:mpirun|mpiexec|orterun)(?:\.openmpi)? "
                     r"\((?:Open MPI|OpenRTE)\) )(?P<version>\d+(?:\.\d+)+(?:[a-z]+\d*)?)")
    # mpirun refuses to run as root unless told; --version does not, but be sure.
    probe_env = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"}
    env = {"MPI_HOME": "{prefix}"}
    rejects = True  # MPICH's mpirun: a negative case records it
