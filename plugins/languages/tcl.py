"""Tcl, the tool command language, found by its shell tclsh."""

import os

from envmgr.soft import Soft

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

    @classmethod
    def probe_argv(cls, candidate):
        return [candidate.path, _SCRIPT]
