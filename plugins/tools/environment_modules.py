"""Environment Modules, the Tcl module system, found by its modulecmd.tcl."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Soft


class EnvironmentModules(Soft):
    name = "environment-modules"
    aliases = ["modules", "tcl-modules"]
    category = "tool"
    tags = ["modules", "hpc"]
    summary = "Environment Modules, the Tcl module system (module load ...)"
    # modulecmd.tcl, run by the `module` shell function, is not on PATH: Debian's is in
    # the multiarch lib dir, RHEL's and upstream's in <MODULESHOME>/libexec.
    executables = [r"modulecmd\.tcl"]
    search_dirs = ["$MODULESHOME/libexec", "/usr/share/Modules/libexec",
                   "/usr/local/Modules/libexec", "/opt/modules/libexec",
                   "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu"]
    # The first argument is the shell; on stderr: "Modules Release 5.2.0 (2022-11-08)".
    # Version 3's C modulecmd printed "VERSION=3.2.10": another program, not searched.
    version_args = ["bash", "--version"]
    version_regex = r"^Modules Release (?P<version>\d+\.\d+(?:\.\d+)?(?:-\w+)?)"
    attrs_regex = {"date": r"^Modules Release \S+ \((\d{4}-\d\d-\d\d)\)"}
    env = {"MODULES_CMD": "{executable}"}

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        """The Modules tree (``/usr/share/Modules``), the parent of its ``libexec``; for
        Debian's ``/usr/lib/x86_64-linux-gnu/modulecmd.tcl``, ``/usr``."""
        here = os.path.dirname(candidate.realpath)
        if os.path.basename(here) == "libexec":
            return os.path.dirname(here)
        lib = os.path.dirname(here)
        if "-linux-" in os.path.basename(here) and os.path.basename(lib) in ("lib", "lib64"):
            return os.path.dirname(lib)
        return super().determine_prefix(candidate)
