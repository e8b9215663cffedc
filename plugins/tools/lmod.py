"""Lmod, the Lua-based environment modules system of HPC sites."""

import os

from envmgr.soft import Candidate, Soft


class Lmod(Soft):
    name = "lmod"
    category = "tool"
    tags = ["modules", "hpc"]
    summary = "Lmod environment modules system (module load ...)"
    # The real command is libexec/lmod, run by the `module` shell function; it is not on PATH.
    executables = [r"lmod"]
    search_dirs = ["/usr/share/lmod/lmod/libexec", "/opt/apps/lmod/lmod/libexec", "$LMOD_DIR"]
    # Printed on stderr: "Modules based on Lua: Version 8.6.19  2022-04-16 13:46 -05:00"
    version_regex = r"^Modules based on Lua: Version (?P<version>\d+(?:\.\d+)+)"
    env = {"LMOD_CMD": "{executable}"}

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        """Lmod's own tree (``/usr/share/lmod/8.6.19``), the parent of its ``libexec``."""
        libexec = os.path.dirname(candidate.realpath)
        if os.path.basename(libexec) == "libexec":
            return os.path.dirname(libexec)
        return super().determine_prefix(candidate)
