"""Recorded detection cases: real tool outputs replayed by fake executables.

A plugin ships ``<module>.cases.json`` beside its module::

    {"cases": [
      {"soft": "cmake",
       "captured": "cmake 3.25.1, Debian 12 x86_64",
       "layout": {"bin/cmake": {"outputs": {"--version": "cmake version 3.25.1\\n..."}}},
       "expect": [{"version": "3.25.1"}]}
    ]}

``layout`` maps paths under a temporary root to a fake executable (``outputs``: the
argument string → what the real tool printed, ``exit``: its status), a ``symlink`` or a
plain ``text`` file. The case runner writes the layout, runs the real detection engine on
it alone and compares what was found with ``expect`` (each expected entry's keys:
``version``, ``prefix`` and ``executable`` relative to the root, ``attrs`` subset,
``tags`` subset).

``envmgr dev capture SOFT PATH`` runs a soft's real probe on a real executable and
prints (or appends) the case, so that captured outputs are never typed by hand.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import _proc
from .soft import Candidate, RunResult, Soft

__all__ = ["capture", "write_layout", "load_cases", "cases_path", "fake_executable"]


def cases_path(module_file: str | os.PathLike[str]) -> Path:
    """Where a plugin module's cases live: ``x.py`` → ``x.cases.json``."""
    p = Path(module_file)
    return p.with_name(p.stem + ".cases.json")


def load_cases(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    data = json.loads(Path(path).read_text())
    cases = data["cases"] if isinstance(data, dict) else data
    if not isinstance(cases, list):
        raise ValueError(f"{path}: 'cases' must be a list")
    return cases


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def fake_executable(outputs: dict[str, str], exit_code: int = 0) -> str:
    """A /bin/sh script that prints ``outputs[" ".join(args)]`` (or ``outputs["*"]``)."""
    lines = ["#!/bin/sh", "# fake executable replaying a captured output (envmgr cases)"]
    lines.append('case "$*" in')
    for args, out in outputs.items():
        pattern = "*" if args == "*" else _sh_quote(args)
        lines.append(f"  {pattern}) printf '%s' {_sh_quote(out)}; exit {exit_code} ;;")
    lines.append("esac")
    lines.append('echo "fake executable: no captured output for: $*" >&2; exit 97')
    return "\n".join(lines) + "\n"


def write_layout(root: str | os.PathLike[str], layout: dict[str, Any]) -> None:
    """Create a case's files under ``root``."""
    base = Path(root)
    for rel, spec in layout.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(spec, str):
            spec = {"outputs": {"*": spec}}
        if "symlink" in spec:
            target = spec["symlink"]
            os.symlink(target if not os.path.isabs(target) else base / target.lstrip("/"), path)
        elif "text" in spec:
            path.write_text(spec["text"])
        else:
            path.write_text(fake_executable(spec.get("outputs", {}), spec.get("exit", 0)))
            path.chmod(0o755)


def capture(soft: type[Soft], exe: str, rel: str | None = None) -> dict[str, Any]:
    """Run ``soft``'s real probe on the real executable ``exe`` and return a case."""
    recorded: dict[str, RunResult] = {}

    def recording_run(argv: Sequence[str], timeout: float | None = 10.0, env: Any = None) -> RunResult:
        result = _proc.run(argv, timeout=timeout, env=env)
        recorded[" ".join(argv[1:])] = result
        return result

    real = os.path.realpath(exe)
    cand = Candidate(path=exe, realpath=real)
    probed = soft.probe(cand, recording_run)
    rel = rel or f"bin/{os.path.basename(exe)}"
    outputs = {args: r.output for args, r in recorded.items()}
    codes = {r.returncode for r in recorded.values()}
    spec: dict[str, Any] = {"outputs": outputs}
    if codes and codes != {0}:
        spec["exit"] = max(codes)
    expect: dict[str, Any] = {"version": probed["version"]}
    return {
        "soft": soft.name,
        "captured": f"{exe} on {_machine()}",
        "layout": {rel: spec},
        "expect": [expect],
    }


def _machine() -> str:
    try:
        import distro

        name = f"{distro.name()} {distro.version()}".strip()
    except ImportError:  # pragma: no cover - distro is a runtime dependency
        name = platform.system()
    return f"{name or platform.system()} {platform.machine()}"


def append_case(module_file: str | os.PathLike[str], case: dict[str, Any]) -> Path:
    """Add ``case`` to the module's cases file, replacing one with the same layout."""
    path = cases_path(module_file)
    cases = load_cases(path) if path.exists() else []
    cases = [c for c in cases if c.get("layout") != case["layout"]]
    cases.append(case)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"cases": cases}, indent=2, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


def soft_class(spec: str) -> tuple[type[Soft], str]:
    """``package.module:Class`` or ``path/to/module.py:Class`` → (class, module file)."""
    import importlib
    import importlib.util

    mod_name, _, cls_name = spec.partition(":")
    if mod_name.endswith(".py"):
        loader_spec = importlib.util.spec_from_file_location(Path(mod_name).stem, mod_name)
        assert loader_spec and loader_spec.loader
        module = importlib.util.module_from_spec(loader_spec)
        loader_spec.loader.exec_module(module)
    else:
        module = importlib.import_module(mod_name)
    if cls_name:
        return getattr(module, cls_name), str(module.__file__)
    softs = [
        v for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, Soft) and v.__module__ == module.__name__
    ]
    if len(softs) != 1:
        raise SystemExit(f"{spec}: name the class (module:Class); found {len(softs)} softs")
    return softs[0], str(module.__file__)
