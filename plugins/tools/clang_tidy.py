"""clang-tidy, LLVM's C and C++ linter."""

from envmgr.soft import Soft


class ClangTidy(Soft):
    name = "clang-tidy"
    category = "tool"
    tags = ["lint", "clang-tools"]
    summary = "clang-tidy C/C++ linter"
    executables = [r"clang-tidy(?:-\d+)?"]
    search_dirs = ["/usr/lib/llvm-*/bin"]
    # "Debian LLVM version 15.0.6\n  Optimized build." (Debian); "LLVM (http://llvm.org/):\n
    # LLVM version 21.1.8" (upstream builds, the PyPI wheel)
    version_regex = r"^(?:\s*|[\w.-]+ )LLVM version (?P<version>\d+\.\d+\.\d+)"
    side_by_side = True  # Debian's clang-tidy-15 beside the PyPI wheel's: a case has both
