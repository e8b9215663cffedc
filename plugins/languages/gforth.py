"""Gforth, the GNU Forth system."""

from envmgr.soft import Soft


class Gforth(Soft):
    name = "gforth"
    aliases = ["forth", "lang-forth"]
    category = "lang"
    tags = ["lang-forth"]
    summary = "Gforth, the GNU Forth system"
    # gforth and its versioned name gforth-0.7.3 (one file: the links resolve to it); not
    # the engines gforth-fast and gforth-itc.
    executables = [r"gforth(?:-\d+(?:\.\d+)+)?"]
    companions = ["gforth-fast", "gforth-itc", "gforthmi"]
    # "gforth 0.7.3"
    version_regex = r"^gforth (?P<version>\d+\.\d+\.\d+)"
    side_by_side = "Debian packages one Gforth: no second could be had to capture"
