"""Cray's Compiling Environment (CCE): craycc, crayCC and crayftn, classic and clang-based,
in /opt/cray/pe/cce/<ver>/bin."""

from envmgr.soft import Soft


class CCE(Soft):
    name = "cce"
    aliases = ["cray", "cray-cce"]
    category = "compiler"
    tags = ["cray", "lang-c", "lang-cpp", "lang-fortran"]
    summary = "Cray Compiling Environment C, C++ and Fortran compilers (craycc, crayCC, crayftn)"
    executables = [r"craycc", r"crayCC", r"crayftn"]
    search_dirs = ["/opt/cray/pe/cce/*/bin", "$CRAY_CCE_PREFIX/bin"]
    compilers = {"c": "craycc", "cxx": "crayCC", "fortran": "crayftn"}
    # "Cray C : Version 8.4.6 Mon Apr 15, 2019 12:13:39" (classic), "Cray clang version
    # 17.0.1 (5ec9...)" (clang-based C/C++), "Cray Fortran : Version 17.0.1"; another
    # compiler installed under these names is rejected
    version_regex = (r"^Cray (?:(?:C|C\+\+|Fortran) : Version|clang version) "
                     r"(?P<version>\d+(?:\.\d+)+)")
    rejects = True  # LLVM's clang under the name craycc: a negative case records it
    side_by_side = True  # cce/17.0.1 beside cce/8.4.6: a case has both
    transcribed = "Cray's compilers run on HPE Cray systems alone: none could be had here"
