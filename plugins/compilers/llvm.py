"""LLVM and its C/C++ compiler clang (llvm-config stands in where clang is absent)."""

import os

from envmgr.soft import Candidate, Soft


class LLVM(Soft):
    name = "llvm"
    aliases = ["clang"]
    category = "compiler"
    tags = ["lang-c", "lang-cpp"]
    summary = "LLVM compiler infrastructure and the clang C/C++ compiler"
    # clang and clang-16 (not clang-cpp, clang-format ...); llvm-config, llvm-config-14.
    executables = [r"clang(?:-\d+(?:\.\d+)*)?", r"llvm-config(?:-\d+(?:\.\d+)*)?"]
    search_dirs = ["/usr/lib/llvm-*/bin", "/usr/local/opt/llvm*/bin", "/opt/homebrew/opt/llvm*/bin"]
    companions = ["clang++", "clang-cpp", "llvm-config", "lld", "ld.lld", "llvm-ar", "llvm-nm",
                  "llvm-objdump", "llvm-profdata", "clangd", "clang-format", "clang-tidy", "lldb"]
    # "Debian clang version 16.0.6 (15~deb12u1)", "Apple clang version 15.0.0 (...)";
    # llvm-config prints its version alone on the first line.
    version_regex = r"^(?:.*\bclang version )?(?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {
        "target": r"^(?:Target: )?(\w+-[\w.-]+)$",
        "vendor": r"^(\S+) clang version ",
        "threads": r"^Thread model: (\S+)",
    }
    env = {"CC": "{cmd[clang]}", "CXX": "{cmd[clang++]}"}
    rejects = True  # llvm-config beside a clang is skipped: a negative case records it
    side_by_side = True  # clang-14 beside clang-16: a case has them in one layout

    @classmethod
    def probe_argv(cls, candidate: Candidate) -> list[str]:
        if cls._is_llvm_config(candidate):
            return [candidate.path, "--version", "--host-target"]
        return super().probe_argv(candidate)

    @classmethod
    def skip_candidate(cls, candidate: Candidate) -> str | None:
        # asked on every run (a probe's result is cached by llvm-config's stat alone, and
        # would outlive the clang beside it)
        if cls._is_llvm_config(candidate) and cls._clang_beside(candidate):
            return "llvm-config beside a clang: the clang is the candidate"
        return None

    @staticmethod
    def _is_llvm_config(candidate: Candidate) -> bool:
        return candidate.name.startswith("llvm-config")

    @staticmethod
    def _clang_beside(candidate: Candidate) -> bool:
        clang = os.path.join(os.path.dirname(candidate.realpath), "clang")
        return os.path.isfile(clang) and os.access(clang, os.X_OK)
