"""Intel oneAPI's compilers (icx, icpx, ifx): the LLVM-based ones that followed icc and
ifort, in the component layout (oneapi/compiler/<ver>/bin, .../linux/bin before 2024)
and the unified one (oneapi/<ver>/bin, with oneapi-vars.sh)."""

import os

from envmgr.soft import Candidate, Probed, Runner, Soft

# the environment script of an installation, from its bin dir: the unified layout's
# oneapi-vars.sh, the component layout's setvars.sh two or three levels up
_VARS_SCRIPTS = ("../oneapi-vars.sh", "../../setvars.sh", "../../../setvars.sh",
                 "../../../../setvars.sh", "../env/vars.sh", "../../env/vars.sh")


class IntelOneAPI(Soft):
    name = "intel-oneapi"
    aliases = ["intel-oneapi-compilers", "oneapi", "icx"]
    category = "compiler"
    tags = ["intel", "lang-c", "lang-cpp", "lang-fortran"]
    summary = "Intel oneAPI C, C++ and Fortran compilers (icx, icpx, ifx)"
    executables = [r"icx", r"icpx", r"ifx"]
    search_dirs = [
        "/opt/intel/oneapi/compiler/*/bin", "/opt/intel/oneapi/compiler/*/linux/bin",
        "/opt/intel/oneapi/20*/bin", "$ONEAPI_ROOT/compiler/*/bin",
        "$ONEAPI_ROOT/compiler/*/linux/bin", "~/intel/oneapi/compiler/*/bin",
        "~/intel/oneapi/compiler/*/linux/bin",
    ]
    compilers = {"c": "icx", "cxx": "icpx", "fortran": "ifx"}
    # "Intel(R) oneAPI DPC++/C++ Compiler 2024.0.0 (2024.0.0.20231017)" (icx, icpx),
    # "ifx (IFX) 2024.0.0 20231017" ("ifx (IFORT) 2021.2.0 Beta" in the first releases);
    # icc, ifort and LLVM's clang say otherwise and are rejected
    version_regex = (r"^(?:Intel\(R\) oneAPI DPC\+\+(?:/C\+\+)? Compiler|ifx \(\w+\)) "
                     r"(?P<version>\d+(?:\.\d+)+)")
    attrs_regex = {"build": r"^Intel\(R\) oneAPI .*? \(([\d.]+)\)", "target": r"^Target: (\S+)"}
    rejects = True  # a classic icc and LLVM's clang: negative cases record them
    side_by_side = True  # compiler/2024.0 beside compiler/2023.2: a case has both
    transcribed = "Intel's compilers come from Intel's own repositories, out of reach here"

    @classmethod
    def probe(cls, candidate: Candidate, run: Runner) -> Probed:
        found = super().probe(candidate, run)
        script = vars_script(os.path.dirname(candidate.realpath))
        if script:
            found["attrs"]["vars_script"] = script
        return found


def vars_script(bindir: str) -> str | None:
    """The oneapi-vars.sh or setvars.sh that sets up the installation of ``bindir``."""
    for rel in _VARS_SCRIPTS:
        path = os.path.normpath(os.path.join(bindir, rel))
        if os.path.isfile(path):
            return path
    return None
