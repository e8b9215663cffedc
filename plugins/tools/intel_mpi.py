"""Intel MPI, found by its Hydra launcher (oneAPI's or the impi-rt wheel's)."""

from envmgr.soft import Soft


class IntelMPI(Soft):
    name = "intel-mpi"
    aliases = ["impi"]
    category = "mpi"
    tags = ["parallel", "mpi", "intel"]
    summary = "Intel MPI Library (mpiexec.hydra, mpirun)"
    # mpiexec and mpiexec.hydra are the launcher (copies of one binary); mpirun is a shell
    # script that runs whichever mpiexec.hydra is first on PATH, so it is not probed.
    executables = [r"mpiexec\.hydra", r"mpiexec"]
    search_dirs = ["$I_MPI_ROOT/bin", "/opt/intel/oneapi/mpi/*/bin",
                   "/opt/intel/impi/*/intel64/bin"]
    companions = ["mpirun", "mpiexec", "mpiicx", "mpiicpx", "mpiifx", "impi_info"]
    # "Intel(R) MPI Library for Linux* OS, Version 2021.19.0 Build 20260929 (id: 1821d9b)";
    # 2019's "Version 2019 Update 9 Build ..." is 2019.9. MPICH's own Hydra ("HYDRA build
    # details: Version: 4.0.2") is rejected.
    version_regex = (r"^Intel\(R\) MPI Library (?:\d+ )?for Linux\* OS, "
                     r"Version (?P<version>\d{4}(?:\.\d+)*)")
    attrs_regex = {"build": r"^Intel\(R\) MPI Library .* Build (\d+)"}
    env = {"I_MPI_ROOT": "{prefix}"}
    rejects = True  # Debian MPICH's mpiexec.hydra: a negative case records it
    side_by_side = "oneAPI keeps one per version in /opt/intel/oneapi/mpi: only a wheel was had"
