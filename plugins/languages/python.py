"""Python interpreters: system, pyenv, conda, uv and virtual environments."""

import os
import re
from collections.abc import Callable
from typing import Any

from envmgr.soft import Candidate, Found, Probed, Reject, Runner, Soft, shared_bin_dir

# One line that runs on Python 2.7 through 3.13: a marker, then one fact per line.
_SCRIPT = (
    "import sys,platform,sysconfig;"
    "print('\\n'.join(['envmgr-python',platform.python_version(),sys.prefix,"
    "getattr(sys,'real_prefix',getattr(sys,'base_prefix',sys.prefix)),"
    "sysconfig.get_config_var('SOABI') or 'cp%d%d'%sys.version_info[:2],"
    "platform.python_implementation()]))"
)
_FIELDS = ("version", "prefix", "base_prefix", "abi", "implementation")
_SHORT = re.compile(r"python(\d)\.(\d+)t?$")
# The ABI flags in SOABI ("cpython-313t-x86_64-linux-gnu", "cp313t-win_amd64") are
# sys.abiflags: "t" for a free-threaded build (Py_GIL_DISABLED), "d" for a debug build.
_ABI_FLAGS = re.compile(r"^cp(?:ython-)?\d+([a-z]*)(?:-|$)")


def _variant(abi: str) -> str:
    """The build variant an ABI tag names: "t" (free-threaded), "d" (debug), "td" or ""."""
    m = _ABI_FLAGS.match(abi)
    return "".join(f for f in "td" if f in m.group(1)) if m else ""


class Python(Soft):
    name = "python"
    aliases = ["python3", "cpython"]
    category = "lang"
    tags = ["lang-python"]
    summary = "Python interpreter (system, pyenv, conda, uv, venv)"
    # python, python2, python3, python3.11, python3.13t; not python3.11-config, pythonw.
    executables = [r"python(?:\d(?:\.\d+t?)?)?"]
    search_dirs = [
        "$PYENV_ROOT/versions/*/bin", "~/.pyenv/versions/*/bin",
        "~/.local/share/uv/python/*/bin",
        "~/miniconda3/bin", "~/miniconda3/envs/*/bin", "~/anaconda3/bin", "~/anaconda3/envs/*/bin",
        "~/miniforge3/bin", "~/miniforge3/envs/*/bin", "/opt/conda/bin", "/opt/conda/envs/*/bin",
        "$CONDA_PREFIX/bin", "$VIRTUAL_ENV/bin",
    ]
    companions = ["pip", "pydoc", "idle"]
    version_args = ["-E", "-s", "-c", _SCRIPT]
    side_by_side = True  # pyenv's 3.12 beside Debian's 3.11: a case has them in one layout
    # An interpreter that cannot run the version script is rejected (probe), but none
    # could be had here to capture (Jython 2.7 runs it): no negative case.
    rejects = "no real interpreter failing the version script could be captured"

    @classmethod
    def resolve(cls, path: str, resolve: Callable[[str], str]) -> str:
        """A venv's interpreter stays in the venv (its links inside bin/ are followed)."""
        path = os.path.abspath(path)
        bindir = os.path.dirname(path)
        if not os.path.isfile(os.path.join(os.path.dirname(bindir), "pyvenv.cfg")):
            return resolve(path)
        for _ in range(8):  # python3.11 -> python3 -> python -> /usr/bin/python3.11
            if not os.path.islink(path):
                break
            target = os.path.normpath(os.path.join(bindir, os.readlink(path)))
            if os.path.dirname(target) != bindir:
                break
            path = target
        return path

    @classmethod
    def probe(cls, candidate: Candidate, run: Runner) -> Probed:
        result = cls.run_probe(candidate, run)
        lines = result.output.splitlines()
        if "envmgr-python" not in lines or result.returncode != 0:
            shown = (lines or ["(nothing)"])[-1][:120]
            raise Reject(f"{candidate.path} did not run the version script: {shown}")
        start = lines.index("envmgr-python") + 1
        values = lines[start : start + len(_FIELDS)]
        if len(values) < len(_FIELDS):
            raise Reject(f"{candidate.path} printed too little: {result.output[-120:]!r}")
        facts = dict(zip(_FIELDS, values, strict=True))
        prefix = facts.pop("prefix")
        version = facts.pop("version")
        # the printed facts are strings; attrs hold JSON values (venv is a bool)
        attrs: dict[str, Any] = {**facts, "venv": prefix != facts["base_prefix"]}
        variant = _variant(facts["abi"])
        if variant:
            attrs["variant"] = variant  # python3.13t beside python3.13: two installations
        probed: Probed = {"version": version, "attrs": attrs}
        # sys.prefix is trusted where it holds the interpreter (it does, unless the output
        # was recorded on another machine); else the host's default applies.
        if candidate.realpath.startswith(prefix.rstrip(os.sep) + os.sep):
            probed["prefix"] = prefix
        return probed

    @classmethod
    def commands(cls, candidate: Candidate) -> dict[str, str]:
        """python, python3 (python2 for 2.x), pythonX.Y and pip/pydoc of this version."""
        cmds = {candidate.name: candidate.path, "python": candidate.path}
        short = cls._short_version(candidate)
        if not short:
            return cmds
        major = short.split(".")[0]
        cmds.update({f"python{major}": candidate.path, f"python{short}": candidate.path})
        dirs = dict.fromkeys(map(os.path.dirname, (candidate.path, candidate.realpath)))
        for comp in cls.companions:
            for d in dirs:
                # A bare pip3/pip in a shared bin dir may belong to another Python.
                shared = shared_bin_dir(d)
                names = [comp + short] if shared else [comp + short, comp + major, comp]
                path = next((os.path.join(d, n) for n in names
                             if os.access(os.path.join(d, n), os.X_OK)), None)
                if path:
                    cmds.update({comp: path, comp + major: path, comp + short: path})
                    break
        return cmds

    @classmethod
    def _short_version(cls, candidate: Candidate) -> str | None:
        """X.Y from the file names, else pyvenv.cfg, else a pythonX.Y beside it."""
        for path in (candidate.path, candidate.realpath, *candidate.also):
            m = _SHORT.search(os.path.basename(path))
            if m:
                return f"{m.group(1)}.{m.group(2)}"
        bindir = os.path.dirname(candidate.path)
        try:
            with open(os.path.join(os.path.dirname(bindir), "pyvenv.cfg")) as f:
                m = re.search(r"^version(?:_info)?\s*=\s*(\d+)\.(\d+)", f.read(), re.MULTILINE)
            if m:
                return f"{m.group(1)}.{m.group(2)}"
        except OSError:
            pass
        try:
            names = os.listdir(bindir)
        except OSError:
            return None
        for name in sorted(names):
            m = _SHORT.fullmatch(name) if name.startswith("python") else None
            path = os.path.join(bindir, name)
            if m and os.path.exists(path) and os.path.samefile(path, candidate.path):
                return f"{m.group(1)}.{m.group(2)}"
        return None

    @classmethod
    def extra_tags(cls, found: Found) -> list[str]:
        return ["venv"] if found.attrs.get("venv") else []
