"""SWIG, the wrapper generator that connects C and C++ to scripting languages."""

from envmgr.soft import Soft


class Swig(Soft):
    name = "swig"
    category = "tool"
    tags = ["build", "bindings"]
    summary = "SWIG interface compiler for C/C++ bindings"
    executables = [r"swig(?:-?\d+(?:\.\d+)*)?"]  # swig, Debian's swig4.0
    version_args = ["-version"]  # swig rejects --version
    version_regex = r"^SWIG Version (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"target": r"^Compiled with \S+ \[([^\]\s]+)\]"}
    # Several can live side by side (swig3.0 beside swig4.0), but only one could be had here to
    # capture: no side-by-side case yet.
    side_by_side = "only one installation could be captured"
