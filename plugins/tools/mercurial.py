"""Mercurial, the distributed version control system, found by its hg command."""

from envmgr.soft import Soft


class Mercurial(Soft):
    name = "mercurial"
    aliases = ["hg"]
    category = "tool"
    tags = ["vcs"]
    summary = "Mercurial distributed version control (hg)"
    executables = [r"hg"]
    # "Mercurial Distributed SCM (version 6.3.2)"
    version_regex = r"^Mercurial Distributed SCM \(version (?P<version>\d+(?:\.\d+)+(?:rc\d*)?)"
    probe_env = {"HGPLAIN": "1", "HGRCPATH": ""}
