"""Fujitsu's compilers for A64FX (fcc, FCC, frt), in /opt/FJSVxtclanga/tcsds-<ver>/bin."""

from envmgr.soft import Soft


class Fujitsu(Soft):
    name = "fj"
    aliases = ["fujitsu"]
    category = "compiler"
    tags = ["lang-c", "lang-cpp", "lang-fortran"]
    summary = "Fujitsu C, C++ and Fortran compilers (fcc, FCC, frt)"
    executables = [r"fcc", r"FCC", r"frt"]
    search_dirs = ["/opt/FJSVxtclanga/*/bin", "/opt/FJSVstclanga/*/bin"]
    compilers = {"c": "fcc", "cxx": "FCC", "fortran": "frt"}
    # "fcc (FCC) 4.0.0a 20190314", "frt (FRT) 4.0.0a 20190314"; another compiler under
    # these names says otherwise and is rejected
    version_regex = r"^(?:fcc|FCC|frt) \((?:FCC|FRT)\) (?P<version>\d+\.\d+\.\d+\w*)"
    attrs_regex = {"date": r"^(?:fcc|FCC|frt) \((?:FCC|FRT)\) \S+ (\d{8})",
                   "gcc": r"^simulating gcc version (\S+)"}
    rejects = True  # gcc under the name fcc: a negative case records it
    side_by_side = "Fujitsu's releases carry no version in their command names: one per folder"
    transcribed = "Fujitsu's compilers run on A64FX systems alone: none could be had here"
