"""Gambit Scheme, found by its interpreter gsi."""

from envmgr.soft import Soft


class Gambit(Soft):
    name = "gambit"
    aliases = ["gambit-scheme", "gambc"]
    category = "lang"
    tags = ["lang-scheme"]
    summary = "Gambit Scheme interpreter and compiler (gsi, gsc)"
    executables = [r"gsi"]
    search_dirs = ["/usr/local/Gambit/bin", "/usr/local/Gambit/v*/bin"]
    companions = ["gsc", "gsi-script", "gsc-script"]
    # `gsi -v`: 'v4.9.3 20180930122740 x86_64-pc-linux-gnu "./configure ..."': the version,
    # the build's time stamp, the target; anything else named gsi prints no such line.
    version_args = ["-v"]
    version_regex = r"^v(?P<version>\d+\.\d+\.\d+)\s+\d{14}\s"
    attrs_regex = {"target": r"^v\S+\s+\d{14}\s+(\S+)"}
    side_by_side = "Gambit installs in /usr/local/Gambit/v4.9.x side by side: only one could be had"
