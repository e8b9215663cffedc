"""GCC, the GNU Compiler Collection (gcc, g++, gfortran)."""

from envmgr.soft import Soft


class GCC(Soft):
    name = "gcc"
    aliases = ["gnu"]
    category = "compiler"
    tags = ["lang-c", "lang-cpp"]
    summary = "GNU Compiler Collection: C, C++ and Fortran compilers"
    # gcc and gcc-12, not cross compilers (x86_64-linux-gnu-gcc-12) nor gcc-ar/gcc-nm.
    executables = [r"gcc(?:-\d+(?:\.\d+)*)?"]
    companions = ["g++", "cpp", "gcov", "gfortran"]
    # `gcc -v` names the version and the target in one run; clang posing as gcc
    # (macOS) prints "clang version" instead and is rejected.
    version_args = ["-v"]
    rejects: bool | str = True  # clang as gcc: a negative case records it
    side_by_side: bool | str = True  # gcc-11 beside gcc-12: a case has them in one layout
    version_regex = r"^gcc version (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {
        "target": r"^Target: (\S+)",
        "threads": r"^Thread model: (\S+)",
        "build": r"^gcc version \S+ \((.+)\)",
    }
    env = {"CC": "{executable}", "CXX": "{cmd[g++]}", "FC": "{cmd[gfortran]}"}
