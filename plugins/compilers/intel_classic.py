"""Intel's classic compilers (icc, icpc, ifort), up to oneAPI 2023 and in Parallel Studio
(compilers_and_libraries_<ver>/linux/bin/intel64)."""

import os

from envmgr.soft import Candidate, Soft


class IntelClassic(Soft):
    name = "intel-classic"
    aliases = ["intel-oneapi-compilers-classic", "icc", "ifort"]
    category = "compiler"
    tags = ["intel", "lang-c", "lang-cpp", "lang-fortran"]
    summary = "Intel C, C++ and Fortran Compiler Classic (icc, icpc, ifort)"
    executables = [r"icc", r"icpc", r"ifort"]
    search_dirs = [
        "/opt/intel/oneapi/compiler/*/linux/bin/intel64",
        "/opt/intel/compilers_and_libraries*/linux/bin/intel64", "/opt/intel/bin",
        "$ONEAPI_ROOT/compiler/*/linux/bin/intel64",
    ]
    compilers = {"c": "icc", "cxx": "icpc", "fortran": "ifort"}
    # "icc (ICC) 18.0.5 20180823", "icpc (ICC) 2021.10.0 20230609", "ifort (IFORT) 18.0.5
    # 20180823"; oneAPI's ifx says "ifx" and is rejected
    version_regex = r"^(?:icc|icpc|ifort) \((?:ICC|IFORT)\) (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"build": r"^(?:icc|icpc|ifort) \((?:ICC|IFORT)\) \S+ (\d{8})"}
    rejects = True  # oneAPI's ifx posing as ifort: a negative case records it
    side_by_side = "no two releases of Intel's classic compilers could be had side by side"
    transcribed = "Intel's compilers come from Intel's own repositories, out of reach here"

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        # .../linux/bin/intel64/icc → .../linux
        bindir = os.path.dirname(candidate.realpath)
        if os.path.basename(bindir) in ("intel64", "ia32") and \
                os.path.basename(os.path.dirname(bindir)) == "bin":
            return os.path.dirname(os.path.dirname(bindir))
        return super().determine_prefix(candidate)
