"""Tcl, the tool command language, found by its shell tclsh."""

import os

from envmgr.soft import Candidate, Soft

# tclsh has no --version option: it runs this script, shipped beside the plugin.
_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tcl_version.tcl")


class Tcl(Soft):
    name = "tcl"
    aliases = ["tclsh"]
    category = "lang"
    tags = ["lang-tcl"]
    summary = "Tcl scripting language interpreter (tclsh)"
    executables = [r"tclsh(?:\d+(?:\.?\d+)*)?"]  # tclsh, tclsh8.6, tclsh86
    companions = ["wish"]
    version_regex = r"^(?P<version>\d+\.\d+(?:[.ab]\d+)?)\s*$"
    # Several can live side by side (tclsh8.6 beside tclsh9.0), but only one could be had here to
    # capture: no side-by-side case yet.
    side_by_side = "only one installation could be captured"

    @classmethod
    def probe_argv(cls, candidate: Candidate) -> list[str]:
        return [candidate.path, _SCRIPT]
