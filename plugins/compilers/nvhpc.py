"""NVIDIA HPC SDK compilers (nvc, nvc++, nvfortran), the successors of PGI's (pgcc,
pgc++, pgfortran), in the SDK's <root>/Linux_x86_64/<ver>/compilers/bin layout."""

from envmgr.soft import Soft


class NVHPC(Soft):
    name = "nvhpc"
    aliases = ["pgi", "nvidia-hpc-sdk", "nvc"]
    category = "compiler"
    tags = ["nvidia", "lang-c", "lang-cpp", "lang-fortran"]
    summary = "NVIDIA HPC SDK C, C++ and Fortran compilers (nvc, nvc++, nvfortran; PGI's)"
    executables = [r"nvc", r"nvc\+\+", r"nvfortran", r"pgcc", r"pgc\+\+", r"pgfortran"]
    search_dirs = [
        "/opt/nvidia/hpc_sdk/Linux_*/*/compilers/bin", "$NVHPC_ROOT/compilers/bin",
        "$NVHPC/Linux_*/*/compilers/bin", "/opt/pgi/linux86-64*/*/bin",
    ]
    compilers = {"c": ["nvc", "pgcc"], "cxx": ["nvc++", "pgc++"],
                 "fortran": ["nvfortran", "pgfortran"]}
    # "nvc 20.9-0 LLVM 64-bit target on x86-64 Linux -tp haswell": release 20.9, build 0;
    # "pgcc (aka nvc) 20.11-0 ...", "pgcc 19.10-0 ..." from PGI
    version_regex = (r"^(?:nvc|nvc\+\+|nvfortran|pgcc|pgc\+\+|pgfortran)(?: \(aka \S+\))? "
                     r"(?P<version>\d+\.\d+)(?:-\d+)?\b")
    attrs_regex = {
        "build": r"^\S+(?: \(aka \S+\))? \d+\.\d+-(\d+)",
        "platform": r"\btarget on (.+?)(?: -tp |$)",
        "tp": r"-tp (\S+)",
    }
    rejects = True  # CUDA's nvcc beside them, named nvc by a site: a negative case
    side_by_side = True  # Linux_x86_64/24.5 beside 23.11: a case has both
    transcribed = "NVIDIA ships the HPC SDK from its own site: none could be had here"
