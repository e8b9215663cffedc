"""EasyBuild, the HPC software build and installation framework."""

import os
import re
from typing import Any

from envmgr.soft import Candidate, Probed, Runner, RunResult, Soft, shared_bin_dir


class EasyBuild(Soft):
    name = "easybuild"
    aliases = ["eb"]
    category = "package-manager"
    tags = ["hpc", "build", "modules"]
    summary = "EasyBuild software build and installation framework for HPC systems"
    executables = [r"eb"]
    search_dirs = ["$EBROOTEASYBUILD/bin"]
    # "This is EasyBuild 5.4.1 (framework: 5.4.1, easyblocks: 5.4.1) on host vm."
    version_regex = r"^This is EasyBuild (?P<version>\d+(?:\.\d+)+(?:\.?dev\d+)?)"
    timeout = 30.0

    @classmethod
    def probe(cls, candidate: Candidate, run: Runner) -> Probed:
        """`eb` is a bash script that looks on PATH for a Python able to import EasyBuild,
        so one in a virtual environment that is not active finds none. Point it at the
        Python beside it ($EB_PYTHON) when it has one of its own, in the probe and in the
        entry."""
        python = cls.own_python(candidate)
        if python is None:
            return super().probe(candidate, run)

        def run_with_python(argv: Any, timeout: Any = None, env: Any = None) -> RunResult:
            return run(argv, timeout=timeout, env={**(env or {}), "EB_PYTHON": python})

        probed = super().probe(candidate, run_with_python)
        # ... and in the shells that activate it, where `eb` needs the same Python.
        probed["env"] = {**probed.get("env", {}), "EB_PYTHON": python}
        return probed

    @classmethod
    def own_python(cls, candidate: Candidate) -> str | None:
        """The python3 (or python) beside `eb` where that dir is eb's own: a venv's bin
        (pyvenv.cfg in the prefix) or a prefix of its own; never /usr/bin or
        /usr/local/bin, whose python is the system's, not necessarily EasyBuild's."""
        for d in dict.fromkeys((os.path.dirname(candidate.path),
                                os.path.dirname(candidate.realpath))):
            if shared_bin_dir(d):
                continue  # a shared bin dir (a venv or a prefix of eb's own is none)
            for name in ("python3", "python"):
                path = os.path.join(d, name)
                if os.access(path, os.X_OK) and not os.path.isdir(path):
                    return path
        return None

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        # "(framework: 5.4.1, easyblocks: 5.4.1)": the names are read too, whatever they are.
        attrs = super().determine_attrs(output)
        m = re.search(r"^This is EasyBuild \S+ \((?P<parts>[^)\n]*)\)", output, re.MULTILINE)
        if m:
            parts = (p.split(":", 1) for p in m.group("parts").split(",") if ":" in p)
            attrs.update((k.strip(), v.strip()) for k, v in parts)
        return attrs
