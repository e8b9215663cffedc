"""CMake, the cross-platform build system generator."""

from envmgr.soft import Soft


class CMake(Soft):
    name = "cmake"
    category = "tool"
    tags = ["build"]
    summary = "CMake cross-platform build system generator"
    executables = [r"cmake\d?"]
    companions = ["ctest", "cpack"]
    side_by_side = True  # Debian's cmake beside a pip wheel's: a case has them in one layout
    version_regex = r"^cmake\d? version (?P<version>\d[\w.\-]*)"
