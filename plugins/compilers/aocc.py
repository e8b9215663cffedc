"""AOCC, AMD's Optimizing C/C++ and Fortran Compilers: a vendor's clang and flang, not
LLVM's (AOCC numbers its own releases: AOCC 4.1.0 is based on LLVM 16)."""

import re

from envmgr.soft import Soft


class AOCC(Soft):
    name = "aocc"
    aliases = ["amd-aocc"]
    category = "compiler"
    tags = ["amd", "lang-c", "lang-cpp", "lang-fortran"]
    summary = "AMD Optimizing C/C++ and Fortran Compilers (AOCC)"
    # /opt/AMD/aocc-compiler-4.1.0/bin/clang, and clang-11 beside clang
    executables = [r"clang(?:-\d+)?", r"flang(?:-\d+)?"]
    search_dirs = ["/opt/AMD/aocc-compiler-*/bin", "$AOCC_ROOT/bin"]
    compilers = {"c": "clang", "cxx": "clang++", "fortran": "flang"}
    # "AMD clang version 12.0.0 (CLANG: AOCC_3_1_0-Build#126 2021_06_07)(based on ...)",
    # "AMD clang version 16.0.3 (CLANG: AOCC_4.1.0-Build#270 2023_07_10)": AOCC's own
    # release; another clang or flang is rejected.
    version_regex = r"\bAOCC_(?P<version>\d+[._]\d+[._]\d+)"
    attrs_regex = {"llvm": r"^AMD clang version (\S+)", "target": r"^Target: (\S+)",
                   "build": r"\bAOCC_[\d._]+-Build#(\d+)"}
    rejects = True  # LLVM's own clang: a negative case records it
    side_by_side = True  # AOCC 3.0.0 beside 2.3.0 (clang-11): a case has them in one layout
    transcribed = "AMD ships AOCC from its own site, behind a licence: none could be had here"

    @classmethod
    def determine_version(cls, output: str) -> str | None:
        version = super().determine_version(output)
        return re.sub(r"_", ".", version) if version else None
