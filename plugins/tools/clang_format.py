"""clang-format, LLVM's C, C++ and ObjC code formatter."""

from envmgr.soft import Soft


class ClangFormat(Soft):
    name = "clang-format"
    category = "tool"
    tags = ["format", "clang-tools"]
    summary = "clang-format C/C++ code formatter"
    # clang-format, Debian's clang-format-15 (and /usr/lib/llvm-15/bin/clang-format, the
    # same file), and the PyPI wheel's.
    executables = [r"clang-format(?:-\d+)?"]
    search_dirs = ["/usr/lib/llvm-*/bin"]
    # "Debian clang-format version 15.0.6", "clang-format version 21.1.8", "Ubuntu
    # clang-format version 14.0.0-1ubuntu1.1"
    version_regex = r"^(?:[\w.-]+ )*clang-format version (?P<version>\d+\.\d+\.\d+)"
    side_by_side = True  # Debian's clang-format-15 beside the PyPI wheel's: a case has both
