"""pip, Python's package installer: one entry per Python it installs into."""

from __future__ import annotations

import glob
import os
import re

from envmgr.soft import Candidate, Found, Probed, Runner, Soft, read_text


def _shebang(path: str) -> str:
    """The first line of a script ("" where it cannot be read or is not a script)."""
    try:
        with open(path, "rb") as f:
            line = f.readline(512)
    except OSError:
        return ""
    return line.decode("utf-8", "replace").strip() if line.startswith(b"#!") else ""


def _from_dist_info(script: str) -> Probed | None:
    """pip's version without running pip (each run imports pip: about half a second of
    CPU, for every Python on the machine): the ``pip-*.dist-info`` of the Python named by
    the script's ``#!`` line, where exactly one is there; None otherwise."""
    line = _shebang(script)
    interp = line[2:].split()[0] if line else ""
    if not interp.startswith("/") or not os.access(interp, os.X_OK):
        return None  # `#!/usr/bin/env python3`, `#!/bin/sh` heads: ask pip itself
    m = re.fullmatch(r"python(\d+\.\d+)t?", os.path.basename(os.path.realpath(interp)))
    if not m:
        return None
    python = m.group(1)
    prefix = os.path.dirname(os.path.dirname(interp))
    found = [p for site in (f"lib/python{python}/site-packages", "lib/python3/dist-packages")
             for p in glob.glob(os.path.join(glob.escape(prefix), site, "pip-*.dist-info"))]
    # a pip earlier on that Python's path would be the one that runs: Debian's
    # /usr/local/lib/pythonX.Y/dist-packages, the user site (not in a venv)
    earlier = [f"/usr/local/lib/python{python}/dist-packages"] if prefix == "/usr" else []
    if not os.path.exists(os.path.join(prefix, "pyvenv.cfg")):
        earlier.append(os.path.expanduser(f"~/.local/lib/python{python}/site-packages"))
    if len(found) != 1 or any(glob.glob(os.path.join(glob.escape(d), "pip-*.dist-info"))
                              for d in earlier):
        return None
    head = read_text(os.path.join(found[0], "METADATA"), limit=16 * 1024).split("\n\n", 1)[0]
    v = re.search(r"^Version: *(\S+)", head, re.MULTILINE)
    if not v or not re.fullmatch(r"\d+(?:\.\d+)+(?:\.?(?:a|b|rc|dev|post)\d*)?", v.group(1)):
        return None
    return {"version": v.group(1), "attrs": {"python": python}}


class Pip(Soft):
    name = "pip"
    aliases = ["pip3"]
    category = "package-manager"
    tags = ["python-tools"]
    summary = "pip, the package installer of each Python"
    # pip, pip3, pip3.11 in each Python's bin dir (pyenv's, a venv's, the system's); pyenv's
    # shims are dispatchers and are not searched.
    executables = [r"pip", r"pip\d(?:\.\d+)?"]
    search_dirs = [
        "$PYENV_ROOT/versions/*/bin", "~/.pyenv/versions/*/bin",
        "~/miniconda3/bin", "~/miniconda3/envs/*/bin", "~/anaconda3/bin", "~/anaconda3/envs/*/bin",
        "~/miniforge3/bin", "~/miniforge3/envs/*/bin", "/opt/conda/bin", "/opt/conda/envs/*/bin",
        "$CONDA_PREFIX/bin", "$VIRTUAL_ENV/bin",
    ]
    # "pip 23.0.1 from /usr/lib/python3/dist-packages/pip (python 3.11)": the Python is the
    # one pip installs into. A pip that is not pip (a shim that fails) prints no such line.
    version_regex = r"^pip (?P<version>\d+(?:\.\d+)+(?:\.?(?:a|b|rc|dev|post)\d*)?) from "
    attrs_regex = {"python": r" \(python (\d+\.\d+)\)\s*$"}
    # no "a new release of pip" check, no network
    probe_env = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    timeout = 20.0
    side_by_side = True  # Debian's pip3 beside pyenv's pip: a case has both
    rejects = True  # pip3 beside a pip of the same Python: a case records the skip

    @classmethod
    def probe(cls, candidate: Candidate, run: Runner) -> Probed:
        """The installed distribution's version where the script names its Python, else
        what ``pip --version`` says."""
        return _from_dist_info(candidate.realpath) or super().probe(candidate, run)

    @classmethod
    def skip_candidate(cls, candidate: Candidate) -> str | None:
        """pip3 and pip3.11 beside a ``pip`` run by the same Python are that pip again:
        probing each (pip starts slowly) would triple the cost of every Python."""
        if os.path.basename(candidate.path) == "pip":
            return None
        sibling = os.path.join(os.path.dirname(candidate.path), "pip")
        if not os.path.isfile(sibling) or os.path.realpath(sibling) == candidate.realpath:
            return None
        line = _shebang(candidate.realpath)
        if line and _shebang(sibling) == line:
            return "the same pip as the pip beside it, run by the same Python"
        return None

    @classmethod
    def extra_tags(cls, found: Found) -> list[str]:
        """``py3.11`` and ``py3``: the Python this pip installs into."""
        python = found.attrs.get("python")
        if not isinstance(python, str):
            return []
        return [f"py{python}", f"py{python.split('.')[0]}"]
