"""Arm Toolchain for Linux (ATfL), the successor of Arm Compiler for Linux: armclang and
armflang in /opt/arm/arm-toolchain-for-linux-<ver>/bin. A vendor's clang, not LLVM's."""

from envmgr.soft import Soft


class ATfL(Soft):
    name = "atfl"
    aliases = ["arm-toolchain-for-linux"]
    category = "compiler"
    tags = ["arm", "lang-c", "lang-cpp", "lang-fortran"]
    summary = "Arm Toolchain for Linux: C, C++ and Fortran (armclang, armclang++, armflang)"
    executables = [r"armclang", r"armflang"]
    search_dirs = ["/opt/arm/arm-toolchain-for-linux*/bin"]
    compilers = {"c": "armclang", "cxx": "armclang++", "fortran": "armflang"}
    # "Arm Toolchain for Linux 20.1 clang version 20.1.0"; ACfL says "Arm C/C++/Fortran
    # Compiler" and is rejected
    version_regex = (r"^Arm Toolchain for Linux \S+ (?:clang|flang) version "
                     r"(?P<version>\d+(?:\.\d+)+)")
    attrs_regex = {"release": r"^Arm Toolchain for Linux (\S+)", "target": r"^Target: (\S+)"}
    rejects = True  # ACfL: a negative case records it
    side_by_side = "ATfL's releases carry no version in their command names: one per folder"
    transcribed = "Arm's compilers are built for AArch64 and come from Arm's site: none here"
