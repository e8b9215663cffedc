"""GCC, the GNU Compiler Collection (gcc, g++, gfortran)."""

import re

from envmgr.soft import Candidate, Probed, Reject, Runner, Soft

# "gcc (Ubuntu 9.4.0-1ubuntu1~20.04.2) 9.4.0", "GNU Fortran (GCC) 11.2.0",
# "gcc (GCC) 8.5.0 20210514 (Red Hat 8.5.0-20)": PROGRAM (PKGVERSION) VERSION
_VERSION_LINE = re.compile(r"^.*?\(.*?\) (?P<version>\d+(?:\.\d+)+)\b")
_BARE_VERSION = re.compile(r"^\s*(\d+(?:\.\d+)*)\s*$")
_CLANG = re.compile(r"^.*\bclang version\b.*$", re.IGNORECASE | re.MULTILINE)


class GCC(Soft):
    name = "gcc"
    aliases = ["gnu"]
    category = "compiler"
    tags = ["lang-c", "lang-cpp"]
    summary = "GNU Compiler Collection: C, C++ and Fortran compilers"
    # gcc and gcc-12, not cross compilers (x86_64-linux-gnu-gcc-12) nor gcc-ar/gcc-nm.
    executables = [r"gcc(?:-\d+(?:\.\d+)*)?"]
    companions = ["cpp", "gcov"]
    compilers = {"c": "gcc", "cxx": "g++", "fortran": "gfortran"}
    # `gcc -v` names the version and the target in one run. A wrapper that answers only
    # -dumpfullversion, -dumpversion or --version is asked those in turn. clang posing as
    # gcc (macOS) says "clang" and is rejected.
    version_args = ["-v"]
    rejects: bool | str = True  # clang as gcc: a negative case records it
    side_by_side: bool | str = True  # gcc-11 beside gcc-12: a case has them in one layout
    transcribed: str = ("wrappers that answer only -dumpversion or --version, and Apple's clang "
                        "posing as gcc, could not be had here")
    version_regex = r"^gcc version (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {
        "target": r"^Target: (\S+)",
        "threads": r"^Thread model: (\S+)",
        "build": r"^gcc version \S+ \((.+)\)",
    }

    @classmethod
    def probe(cls, candidate: Candidate, run: Runner) -> Probed:
        result = cls.run_probe(candidate, run)
        _not_clang(candidate, result.output)
        version = cls.determine_version(result.output)
        if version:
            return {"version": version, "attrs": cls.determine_attrs(result.output)}
        # the way the tool answers: --version (which also tells a clang), then the dumps
        described = run([candidate.path, "--version"], timeout=cls.timeout)
        first = described.output.strip().splitlines()[:1] if described.returncode == 0 else []
        if first:
            _not_clang(candidate, described.output)
        line = _VERSION_LINE.match(first[0]) if first else None
        for how in ("-dumpfullversion", "--version", "-dumpversion"):
            if how == "--version":
                version = line.group("version") if line else None
            else:
                dumped = run([candidate.path, how], timeout=cls.timeout)
                bare = _BARE_VERSION.match(dumped.output) if dumped.returncode == 0 else None
                version = bare.group(1) if bare else None
            if version:
                return {"version": version, "attrs": {"version_from": how}}
        shown = result.output.strip().splitlines()[:1]
        raise Reject(f"no version found in the output of {candidate.path} -v, "
                     f"-dumpfullversion, --version or -dumpversion: "
                     f"{shown[0][:120] if shown else '(nothing)'}")


def _not_clang(candidate: Candidate, output: str) -> None:
    said = _CLANG.search(output)
    if said:
        raise Reject(f"{candidate.name} is a clang, not GCC: {said.group(0).strip()[:120]}")
