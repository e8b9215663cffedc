"""pyenv, the Python version manager, found by its own script (not its shims)."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Soft


class Pyenv(Soft):
    name = "pyenv"
    category = "package-manager"
    tags = ["python-tools"]
    summary = "pyenv, the manager of several Python versions"
    # bin/pyenv links to libexec/pyenv, the real script, in the pyenv root.
    executables = [r"pyenv"]
    search_dirs = ["$PYENV_ROOT/bin", "~/.pyenv/bin"]
    # "pyenv 2.6.30"; a git checkout past a tag prints "pyenv 2.6.30-5-gabcdef0".
    version_regex = r"^pyenv (?P<version>\d+(?:\.\d+)+(?:-\d+-g[0-9a-f]+)?)"
    env = {"PYENV_ROOT": "{prefix}"}

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        """The pyenv root (``~/.pyenv``): the parent of the real script's ``libexec``."""
        libexec = os.path.dirname(candidate.realpath)
        if os.path.basename(libexec) == "libexec":
            return os.path.dirname(libexec)
        return super().determine_prefix(candidate)
