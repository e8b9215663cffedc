"""LLVM and its C/C++ compiler clang (llvm-config stands in where clang is absent).

A vendor's clang is not LLVM: Apple's, AMD's (AOCC, ROCm), Cray's, Arm's and any other
build whose version line names its maker before "clang version" is turned down here and
recorded by its own soft. A distribution's build (Debian, Ubuntu, Homebrew ...) is LLVM.
"""

import os
import re

from envmgr.soft import Candidate, Probed, Reject, Runner, Soft

# Packagers that name themselves before "clang version" and ship LLVM's own clang.
DISTRIBUTIONS = frozenset({
    "debian", "ubuntu", "raspbian", "alpine", "freebsd", "openbsd", "netbsd", "dragonfly",
    "homebrew", "gentoo", "macports", "msys2", "termux",
})

_SAYS = re.compile(r"^(?P<maker>.*?)\s*\bclang version (?P<version>\S+)", re.MULTILINE)

# maker → the soft that records its clang
VENDOR_SOFTS = (
    (re.compile(r"^Apple\b"), "apple-clang"),
    (re.compile(r"^AMD\b.*\bAOCC_"), "aocc"),
    (re.compile(r"^AMD\b.*\broc-\d"), "rocm-llvm"),
    (re.compile(r"^Cray\b"), "cce"),
    (re.compile(r"^Arm Toolchain for Linux\b"), "atfl"),
)


def vendor_clang(output: str) -> str | None:
    """The version line of a vendor's clang (one that names a maker that is not a
    distribution before "clang version"), or None for LLVM's own."""
    m = _SAYS.search(output)
    if not m:
        return None
    maker = m.group("maker").strip().rstrip(",")
    if not maker or maker.split()[0].lower() in DISTRIBUTIONS:
        return None
    return output[m.start():].splitlines()[0].strip()


def vendor_soft(line: str) -> str | None:
    """The soft that records the vendor clang whose version line is ``line``."""
    return next((soft for regex, soft in VENDOR_SOFTS if regex.search(line)), None)


class LLVM(Soft):
    name = "llvm"
    aliases = ["clang"]
    category = "compiler"
    tags = ["lang-c", "lang-cpp"]
    summary = "LLVM compiler infrastructure and the clang C/C++ compiler"
    # clang and clang-16 (not clang-cpp, clang-format ...); llvm-config, llvm-config-14.
    executables = [r"clang(?:-\d+(?:\.\d+)*)?", r"llvm-config(?:-\d+(?:\.\d+)*)?"]
    search_dirs = ["/usr/lib/llvm-*/bin", "/usr/local/opt/llvm*/bin", "/opt/homebrew/opt/llvm*/bin"]
    companions = ["clang-cpp", "llvm-config", "lld", "ld.lld", "llvm-ar", "llvm-nm",
                  "llvm-objdump", "llvm-profdata", "clangd", "clang-format", "clang-tidy", "lldb"]
    # flang-new before LLVM 17, flang after; each of the entry's own version
    compilers = {"c": "clang", "cxx": "clang++", "fortran": ["flang", "flang-new"]}
    # "Debian clang version 16.0.6 (15~deb12u1)", "Apple clang version 15.0.0 (...)";
    # llvm-config prints its version alone on the first line.
    version_regex = r"^(?:.*\bclang version )?(?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {
        "target": r"^(?:Target: )?(\w+-[\w.-]+)$",
        "vendor": r"^(\S+) clang version ",
        "threads": r"^Thread model: (\S+)",
    }
    # llvm-config beside a clang is skipped, a vendor's clang rejected: negative cases
    rejects = True
    side_by_side = True  # clang-14 beside clang-16: a case has them in one layout
    transcribed = "the vendors' clangs it rejects (Apple's, AMD's, Cray's, Arm's) run elsewhere"

    @classmethod
    def probe_argv(cls, candidate: Candidate) -> list[str]:
        if cls._is_llvm_config(candidate):
            return [candidate.path, "--version", "--host-target"]
        return super().probe_argv(candidate)

    @classmethod
    def probe(cls, candidate: Candidate, run: Runner) -> Probed:
        result = cls.run_probe(candidate, run)
        vendor = vendor_clang(result.output)
        if vendor:
            soft = vendor_soft(vendor)
            by = f"recorded by {soft}" if soft else "a vendor's build"
            raise Reject(f"not LLVM's clang ({by}): {vendor[:120]}")
        return cls.probed_from(result)

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
