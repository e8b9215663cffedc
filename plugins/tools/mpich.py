"""MPICH, the message passing library, found by mpichversion or its Hydra launcher."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Soft


class MPICH(Soft):
    name = "mpich"
    category = "mpi"
    tags = ["parallel", "mpi"]
    summary = "MPICH message passing library, compiler wrappers and Hydra launcher"
    # mpichversion; Debian's mpirun.mpich / mpiexec.mpich (links to mpiexec.hydra); and
    # plain mpirun / mpiexec, which on Debian are alternatives links to one MPI's launcher:
    # followed to the real file, they are MPICH's only where they lead to Hydra
    # (mpiexec.hydra, the real file, is the candidate they make).
    executables = [r"mpichversion", r"mpiexec\.hydra", r"mpi(?:run|exec)(?:\.mpich)?"]
    companions = ["mpicc", "mpicxx", "mpifort", "mpirun", "mpiexec", "mpichversion"]
    version_args = ["-version"]
    # "MPICH Version:    \t4.0.2" (mpichversion -version), "HYDRA build details:\n    Version:
    # 4.0.2" (mpiexec.hydra -version). Open MPI's "mpirun (Open MPI) 4.1.4", Intel MPI's
    # "Intel(R) MPI Library ..." and MVAPICH2's "MVAPICH2 Version: 2.3.7" are rejected.
    version_regex = (r"(?:^MPICH Version:\s+|\AHYDRA build details:\s+Version:\s+)"
                     r"(?P<version>\d+\.\d+(?:\.\d+)*(?:[ab]\d+|rc\d+)?)")
    env = {"MPI_HOME": "{prefix}"}

    @classmethod
    def determine_version(cls, output: str) -> str | None:
        """MPICH's version; None for MVAPICH2's Hydra, which prints its own Hydra version."""
        if "mvapich" in output.lower():
            return None
        return super().determine_version(output)
    rejects = True  # Debian's mpirun led by alternatives to Open MPI's orterun: a negative case

    @classmethod
    def skip_candidate(cls, candidate: Candidate) -> str | None:
        """Intel MPI's mpirun is a script that runs whichever mpiexec.hydra is first on
        PATH (MPICH's, where both are installed): with impi_info beside it, it is Intel's."""
        if os.path.basename(candidate.path).startswith("mpirun") and os.path.exists(
                os.path.join(os.path.dirname(candidate.realpath), "impi_info")):
            return "Intel MPI's mpirun script (impi_info beside it), not MPICH's"
        return None
