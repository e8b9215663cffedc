"""The NAG Fortran Compiler (nagfor)."""

import re

from envmgr.soft import Soft


class NAG(Soft):
    name = "nag"
    aliases = ["nagfor"]
    category = "compiler"
    tags = ["lang-fortran"]
    summary = "NAG Fortran Compiler (nagfor)"
    executables = [r"nagfor"]
    search_dirs = ["/usr/local/lib/NAG_Fortran/bin", "/opt/NAG/*/bin"]
    compilers = {"fortran": "nagfor"}
    version_args = ["-V"]
    # "NAG Fortran Compiler Release 7.1(Hanzomon) Build 7143": release 7.1, build 7143,
    # the version 7.1.7143 (as Spack spells it); anything else is rejected
    version_regex = r"^NAG Fortran Compiler Release (\d+\.\d+)\(.*?\) Build (\d+)"
    attrs_regex = {"codename": r"^NAG Fortran Compiler Release \d+\.\d+\((.*?)\)",
                   "product": r"^Product (\S+)"}
    rejects = True  # gfortran under the name nagfor: a negative case records it
    side_by_side = "NAG's releases carry no version in their command names: one per folder"
    transcribed = "NAG sells its compiler from its own site: none could be had here"

    @classmethod
    def determine_version(cls, output: str) -> str | None:
        m = re.search(cls.version_regex or "", output, re.MULTILINE)
        return f"{m.group(1)}.{m.group(2)}" if m else None
