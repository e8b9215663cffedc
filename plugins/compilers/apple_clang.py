"""Apple clang, the C/C++ compiler of Xcode and its Command Line Tools: a vendor's clang,
not LLVM's (Apple numbers it by Xcode release)."""

import os

from envmgr.soft import Candidate, Soft


class AppleClang(Soft):
    name = "apple-clang"
    aliases = ["xcode-clang"]
    category = "compiler"
    tags = ["apple", "lang-c", "lang-cpp"]
    summary = "Apple clang, the C/C++ compiler of Xcode and the Command Line Tools"
    executables = [r"clang"]
    search_dirs = [
        "/Library/Developer/CommandLineTools/usr/bin",
        "/Applications/Xcode*.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/bin",
    ]
    compilers = {"c": "clang", "cxx": "clang++"}
    # "Apple clang version 15.0.0 (clang-1500.3.9.4)"; before Xcode 10 "Apple LLVM version".
    # LLVM's own clang (no "Apple") is rejected.
    version_regex = r"^Apple (?:clang|LLVM) version (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"build": r"^Apple (?:clang|LLVM) version \S+ \((\S+?)\)",
                   "target": r"^Target: (\S+)"}
    rejects = True  # LLVM's clang, and a clang without its clang++: negative cases
    side_by_side = "Xcode's toolchains carry no version in their names, and none could be had"
    transcribed = "Apple's compilers run on macOS alone; none can be had on this Linux machine"

    @classmethod
    def skip_candidate(cls, candidate: Candidate) -> str | None:
        # Xcode and the Command Line Tools ship clang with clang++; a clang alone is
        # another toolchain (as Spack's scenarios have it)
        cxx = os.path.join(os.path.dirname(candidate.realpath), "clang++")
        if not os.access(cxx, os.X_OK):
            return "no clang++ beside it: Apple's toolchains ship both"
        return None
