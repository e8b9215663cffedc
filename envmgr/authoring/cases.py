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

The other forms are captured the same way from the real file or dir (a library, a header,
a ``.pc`` file, a ``.dist-info`` dir, a data dir): the files the probe read become
``text`` files with their real content, a library's links become ``symlink`` entries and
its file (like a data dir's marker files) an empty file under its real name, since only
names matter there. Such a layout mirrors the real paths under the root (``/usr/include/
zlib.h`` → ``usr/include/zlib.h``), and ``expect`` also names the ``path`` found and the
``prefix``.
"""

from __future__ import annotations

import glob
import json
import os
import platform
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from envmgr import _proc
from envmgr.detect.soft import Candidate, RunResult, Soft, entry_tags, recording_reads

__all__ = [
    "capture", "candidate_for", "write_layout", "load_cases", "cases_path", "fake_executable",
]


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


def fake_executable(outputs: dict[str, str], exit_code: int = 0) -> str:
    """A /bin/sh script that prints ``outputs[" ".join(args)]`` (or ``outputs["*"]``)."""
    lines = ["#!/bin/sh", "# fake executable replaying a captured output (envmgr cases)"]
    lines.append('case "$*" in')
    for args, out in outputs.items():
        pattern = "*" if args == "*" else shlex.quote(args)
        lines.append(f"  {pattern}) printf '%s' {shlex.quote(out)}; exit {exit_code} ;;")
    lines.append("esac")
    lines.append('echo "fake executable: no captured output for: $*" >&2; exit 97')
    return "\n".join(lines) + "\n"


PLUGIN_DIR = "{plugin_dir}"

TEMPLATE = "TEMPLATE"
"""How a made-up case (``envmgr plugin new`` writes one) starts its ``captured`` field."""


def write_layout(
    root: str | os.PathLike[str], layout: dict[str, Any], plugin_dir: str = ""
) -> None:
    """Create a case's files under ``root``; ``{plugin_dir}`` in argument strings becomes
    ``plugin_dir`` (probes that run a script shipped beside the plugin)."""
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
            outputs = {k.replace(PLUGIN_DIR, plugin_dir): v
                       for k, v in spec.get("outputs", {}).items()}
            path.write_text(fake_executable(outputs, spec.get("exit", 0)))
            path.chmod(0o755)


def candidate_for(soft: type[Soft], path: str) -> Candidate:
    """The candidate a real ``path`` is for ``soft``, of the kind its forms say."""
    from envmgr.detect.engine import Explain, _file_candidates
    from envmgr.errors import UsageError

    path = os.path.abspath(path)
    if not os.path.exists(path):
        raise UsageError(f"{path} does not exist", _what_to_capture(soft))
    real = os.path.realpath(path)
    name = os.path.basename(path)
    d = os.path.dirname(path)
    forms = soft.forms()
    if "python-dist" in forms and name.endswith((".dist-info", ".egg-info")):
        return Candidate(path=path, realpath=real, kind="python-dist", dir=d)
    if "pkgconfig" in forms and name.endswith(".pc"):
        return Candidate(path=path, realpath=real, kind="pkgconfig", dir=d)
    for header in soft.headers:
        if path.endswith(os.sep + header):
            return Candidate(path=path, realpath=real, kind="header",
                             dir=path[: -len(header) - 1])
    if "library" in forms and any(re.fullmatch(p, name) for p in soft.libraries):
        # the other names in its dir that are the same file, as the engine finds them
        pairs = [
            (os.path.join(d, n), d) for n in sorted(os.listdir(d))
            if any(re.fullmatch(p, n) for p in soft.libraries)
            and os.path.realpath(os.path.join(d, n)) == real
        ]
        return _file_candidates(soft, "library", pairs, Explain())[0]
    if "directory" in forms and os.path.isdir(path):
        return Candidate(path=path, realpath=real, kind="directory", dir=path)
    if "executable" in forms or not forms:
        return Candidate(path=path, realpath=real)
    raise UsageError(
        f"{path} is none of what {soft.name} is found by ({', '.join(forms)})",
        _what_to_capture(soft),
    )


def _what_to_capture(soft: type[Soft]) -> str:
    """What a capture of ``soft`` is given, as a suggestion."""
    wanted = {
        "executable": "an executable",
        "pkgconfig": "a " + " or ".join(f"{n}.pc" for n in soft.names_of("pkgconfig")) + " file",
        "header": "a header " + " or ".join(f".../include/{h}" for h in soft.headers),
        "library": "a library file matching " + " or ".join(soft.libraries),
        "python-dist": "a " + " or ".join(f"{n}-VERSION.dist-info" for n in
                                          soft.names_of("python_dist")) + " dir",
        "directory": "a dir holding " + ", ".join(soft.markers),
    }
    return "give " + "; or ".join(wanted[k] for k in soft.forms())


def capture(soft: type[Soft], exe: str, rel: str | None = None) -> dict[str, Any]:
    """Run ``soft``'s real probe on the real executable (or file, or dir) ``exe`` and
    return a case."""
    cand = candidate_for(soft, exe)
    if cand.kind != "executable":
        return _capture_file(soft, cand, rel)
    recorded: dict[str, RunResult] = {}
    module = sys.modules.get(soft.__module__)
    plugin_dir = os.path.dirname(os.path.abspath(getattr(module, "__file__", "") or "")) or "\0"

    def recording_run(
        argv: Sequence[str], timeout: float | None = 10.0, env: Any = None
    ) -> RunResult:
        result = _proc.run(argv, timeout=timeout, env=env)
        recorded[" ".join(argv[1:]).replace(plugin_dir, PLUGIN_DIR)] = result
        return result

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


def _capture_file(soft: type[Soft], cand: Candidate, rel: str | None) -> dict[str, Any]:
    from envmgr.detect.engine import describe

    with recording_reads() as files:
        probed = soft.probe(cand, _proc.run)
    base = os.path.dirname(cand.path)

    def where(p: str) -> str | None:
        if rel is None:
            return os.path.normpath(p).lstrip(os.sep)
        out = os.path.normpath(os.path.join(os.path.dirname(rel), os.path.relpath(p, base)))
        return None if out.startswith("..") else out

    layout: dict[str, Any] = {}

    def put(p: str, spec: dict[str, Any]) -> None:
        at = where(p)
        if at is not None and at not in layout:
            layout[at] = spec

    for p, text in files.items():
        put(p, {"text": text})
    if cand.kind == "library":
        put(cand.realpath, {"text": ""})  # only its name matters
    if cand.kind == "directory":
        for marker in soft.markers:
            for p in sorted(glob.glob(os.path.join(glob.escape(cand.path), marker)))[:2]:
                put(p, {"text": ""})  # marker files: their names are what is looked for
    real_at = where(cand.realpath)
    for p in (cand.path, *cand.also):
        at = where(p)
        if p != cand.realpath and at and real_at and at not in layout:
            layout[at] = {"symlink": os.path.relpath(real_at, os.path.dirname(at))}
    found = describe(soft, cand, probed)
    expect: dict[str, Any] = {"version": probed["version"]}
    path_at = where(cand.path)
    if path_at:
        expect["path"] = path_at
    prefix_at = where(found.prefix) if found.prefix else None
    if prefix_at is not None:
        expect["prefix"] = "" if prefix_at == "." else prefix_at
    portable = {k: v for k, v in (probed.get("attrs") or {}).items()
                if isinstance(v, str) and os.sep not in v}
    if portable:
        expect["attrs"] = portable
    if probed.get("tags"):
        expect["tags"] = list(probed["tags"])
    return {
        "soft": soft.name,
        "captured": f"{cand.path} on {_machine()}",
        "layout": layout,
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
    """Add ``case`` to the module's cases file, replacing one with the same layout and the
    soft's made-up template case (``envmgr plugin new`` writes one)."""
    path = cases_path(module_file)
    cases = load_cases(path) if path.exists() else []
    cases = [c for c in cases if c.get("layout") != case["layout"] and not (
        c.get("soft") == case["soft"] and str(c.get("captured", "")).startswith(TEMPLATE))]
    cases.append(case)
    from envmgr._atomic import write_json

    write_json(path, {"cases": cases}, indent=2, ensure_ascii=False)
    return path


def replay(case: dict[str, Any], root: str | os.PathLike[str], soft: type[Soft]) -> list[Any]:
    """Write the case's layout under ``root`` and run the real engine on it alone."""
    from envmgr.detect.engine import Explain, ProbeCache, detect

    module = sys.modules.get(soft.__module__)
    plugin_dir = os.path.dirname(os.path.abspath(getattr(module, "__file__", "") or ""))
    write_layout(root, case.get("layout", {}), plugin_dir)
    dirs: list[tuple[str, str]] = []
    for dirpath, dirnames, _ in os.walk(root):
        dirnames.sort()
        dirs.append((dirpath, "case"))
    result = detect([soft], dirs, ProbeCache(None), Explain(True), soft_dirs=False)
    return result.found


def check(case: dict[str, Any], found: list[Any], root: str | os.PathLike[str]) -> list[str]:
    """What differs between the case's ``expect`` and what the engine found (empty: none)."""
    problems: list[str] = []
    expected = case.get("expect", [])
    got = sorted(found, key=lambda f: (f.version, f.prefix))
    if len(got) != len(expected):
        seen = ", ".join(f"{f.soft.name} {f.version} at {f.prefix}" for f in got) or "nothing"
        return [f"expected {len(expected)} installation(s), found {len(got)}: {seen}"]
    root = os.path.realpath(root)
    remaining = list(got)
    for exp in expected:
        match = next((f for f in remaining if f.version == exp.get("version")), None)
        if match is None:
            problems.append(
                f"no installation with version {exp.get('version')!r}; found "
                + ", ".join(repr(f.version) for f in remaining)
            )
            continue
        remaining.remove(match)
        if "prefix" in exp:
            want = os.path.join(root, exp["prefix"]) if exp["prefix"] else root
            if os.path.realpath(match.prefix) != os.path.realpath(want):
                problems.append(f"prefix {match.prefix} is not {want}")
        for key in ("executable", "path"):
            if key in exp:
                rel = os.path.relpath(match.candidate.path, root)
                if rel != exp[key]:
                    problems.append(f"{key} {rel} is not {exp[key]}")
        for key, value in exp.get("attrs", {}).items():
            if match.attrs.get(key) != value:
                problems.append(f"attrs[{key!r}] is {match.attrs.get(key)!r}, not {value!r}")
        tags = _all_tags(match)
        for tag in exp.get("tags", []):
            if tag.lower() not in tags:
                problems.append(f"tag {tag!r} missing from {sorted(tags)}")
    return problems


def _all_tags(found: Any) -> set[str]:
    return set(entry_tags(found.soft, found.version, found.tags))
