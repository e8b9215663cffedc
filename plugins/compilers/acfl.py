"""Arm Compiler for Linux (ACfL): armclang, armclang++ and armflang, in
/opt/arm/arm-linux-compiler-<ver>_<platform>/bin (arm-hpc-compiler before 20.0)."""

from envmgr.soft import Soft


class ACfL(Soft):
    name = "acfl"
    aliases = ["arm-compiler-for-linux", "armclang"]
    category = "compiler"
    tags = ["arm", "lang-c", "lang-cpp", "lang-fortran"]
    summary = "Arm Compiler for Linux: C, C++ and Fortran (armclang, armclang++, armflang)"
    executables = [r"armclang(?:-\d+)?", r"armflang(?:-\d+)?"]
    search_dirs = ["/opt/arm/arm-linux-compiler-*/bin", "/opt/arm/arm-hpc-compiler-*/bin"]
    compilers = {"c": "armclang", "cxx": "armclang++", "fortran": "armflang"}
    # "Arm C/C++/Fortran Compiler version 19.0 (build number 73) (based on LLVM 7.0.2)";
    # the Arm Toolchain for Linux that followed it says otherwise and is rejected (atfl)
    version_regex = r"^Arm C/C\+\+/Fortran Compiler version (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"build": r"\(build number (\d+)\)", "llvm": r"\(based on LLVM (\S+?)\)",
                   "target": r"^Target: (\S+)"}
    rejects = True  # the Arm Toolchain for Linux: a negative case records it
    side_by_side = True  # 19.3.1 beside 18.0 (armclang-18): a case has both
    transcribed = "Arm's compilers are built for AArch64 and come from Arm's site: none here"
