"""GNU C++ (g++), the C++ compiler of GCC: probed as gcc is (`-v`, then the dumps)."""

from .gcc import GCC


class GXX(GCC):
    name = "gxx"
    aliases = ["g++", "gnu-cxx"]
    tags = ["lang-cpp"]
    summary = "GNU C++ compiler (g++)"
    # g++ and g++-12, not cross compilers (x86_64-linux-gnu-g++-12).
    executables = [r"g\+\+(?:-\d+(?:\.\d+)*)?"]
    companions = []
    compilers = {"cxx": "g++"}
    side_by_side = True  # g++-11 beside g++-12: a case has them in one layout
    # gcc's rule: clang++ posing as g++ says "clang version" and is rejected
    rejects = True
