"""Recorded detection cases: real tool outputs replayed by fake executables.

A plugin ships ``<module>.cases.json`` beside its module (in its source tree; the cases
are test data and need not be installed)::

    {"cases": [
      {"soft": "cmake",
       "captured": "/usr/bin/cmake on Debian GNU/Linux 12 x86_64",
       "layout": {"bin/cmake": {"outputs": {"--version": "cmake version 3.25.1\\n..."}}},
       "expect": [{"version": "3.25.1", "prefix": ""}]}
    ]}

``layout`` maps paths under a temporary root to a fake executable (``outputs``: the
argument string → what the real tool printed, ``exit``: its status, ``exits``: the status
of one argument string where it differs), a ``symlink`` or a
plain ``text`` file. The case runner writes the layout, runs the real detection engine on
it alone and compares what was found with ``expect``: one entry per installation, each
matched by ``version`` (and, where given, ``prefix``, ``executable`` or ``path``,
relative to the root), with ``attrs`` and ``tags`` checked as subsets.

Three shapes of case:

- one installation: ``expect`` has one entry;
- several installations side by side (gcc-11 and gcc-12, a pyenv Python beside the
  system's): one ``layout`` holding them all, ``expect`` an entry for each and
  ``captured`` a list, one origin per capture. :func:`combine` makes one from captures;
- a negative case: a real output the soft must turn down. ``expect`` is ``[]`` and
  ``reason`` (a string or a list) is what the rejection says in ``--explain``, with the
  root's path left out.

``envmgr dev capture SOFT PATH`` runs a soft's real probe on a real executable and
prints (or appends) the case, so that captured outputs are never typed by hand; the
expected version, the prefix, the executable, the portable attrs (those that are not
paths) and the probe's own tags come from the same probe. :func:`capture` with
``mirror=True`` lays the file out at its real path (with the link it was found by), as a
side-by-side case needs; ``rejected=True`` records a negative case.

The other forms are captured the same way from the real file or dir (a library, a header,
a ``.pc`` file, a ``.dist-info`` dir, a data dir): the files the probe read become
``text`` files, a library's links become ``symlink`` entries and its file (like a data
dir's marker files) an empty file under its real name, since only names matter there.
Such a layout mirrors the real paths under the root (``/usr/include/zlib.h`` →
``usr/include/zlib.h``), and ``expect`` also names the ``path`` found and the ``prefix``.

A case keeps only what the probe reads: :func:`minimise` cuts each text file down to the
lines that make the same result (a header's ``#define`` lines of the version macros and
the macros they name, a METADATA file's ``Name``/``Version`` fields; a ``.pc`` file stays
whole) and keeps a cut only where the replay still gives the expected result.
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
from envmgr.detect.soft import (
    Candidate,
    Probed,
    Reject,
    RunResult,
    Soft,
    entry_tags,
    read_text,
    recording_reads,
)

__all__ = [
    "capture", "candidate_for", "write_layout", "load_cases", "cases_path", "fake_executable",
    "append_case", "replay", "check", "verify", "minimise", "combine", "is_negative",
    "portable_attrs", "Replayed", "PLUGIN_DIR", "TEMPLATE",
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


def fake_executable(outputs: dict[str, str], exit_code: int = 0,
                    exits: dict[str, int] | None = None) -> str:
    """A /bin/sh script that prints ``outputs[" ".join(args)]`` (or ``outputs["*"]``) and
    exits with ``exits[args]`` where given, else ``exit_code``."""
    lines = ["#!/bin/sh", "# fake executable replaying a captured output (envmgr cases)"]
    lines.append('case "$*" in')
    # "*" answers every other argument string: it must come last
    for args in sorted(outputs, key=lambda a: a == "*"):
        pattern = "*" if args == "*" else shlex.quote(args)
        code = (exits or {}).get(args, exit_code)
        lines.append(f"  {pattern}) printf '%s' {shlex.quote(outputs[args])}; exit {code} ;;")
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
        elif "zip" in spec:  # a jar or zip: its members' texts (what a probe read)
            import zipfile

            with zipfile.ZipFile(path, "w") as z:
                for member, text in spec["zip"].items():
                    z.writestr(member, text)
        else:
            outputs = {k.replace(PLUGIN_DIR, plugin_dir): v
                       for k, v in spec.get("outputs", {}).items()}
            exits = {k.replace(PLUGIN_DIR, plugin_dir): v
                     for k, v in spec.get("exits", {}).items()}
            path.write_text(fake_executable(outputs, spec.get("exit", 0), exits))
            path.chmod(0o755)


def candidate_for(soft: type[Soft], path: str) -> Candidate:
    """The candidate a real ``path`` is for ``soft``, of the kind its forms say."""
    from envmgr.detect.candidates import file_candidates
    from envmgr.detect.explain import Explain
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
        return file_candidates(soft, "library", pairs, Explain())[0]
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


def capture(
    soft: type[Soft], exe: str, rel: str | None = None, *, mirror: bool = False,
    rejected: bool = False,
) -> dict[str, Any]:
    """Run ``soft``'s real probe on the real executable (or file, or dir) ``exe`` and
    return a case, cut down to what the probe reads (:func:`minimise`).

    ``rel`` places an executable in the layout (default ``bin/NAME``); ``mirror=True``
    places it at its real path, with the path it was given as a link to it where the two
    differ. ``rejected=True`` records a negative case: the probe must turn ``exe`` down,
    and the case says why (a :class:`~envmgr.errors.UsageError` where it does not).
    Without it, a rejection raises :class:`~envmgr.detect.soft.Reject` as before.
    """
    cand = candidate_for(soft, exe)
    if cand.kind != "executable":
        case = _capture_file(soft, cand, rel, rejected)
    else:
        case = _capture_executable(soft, cand, exe, rel, mirror, rejected)
    if rejected:
        case = _engine_reason(soft, case)
    return minimise(soft, case)


def _engine_reason(soft: type[Soft], case: dict[str, Any]) -> dict[str, Any]:
    """A negative case whose probe's reason the engine does not give (it turns the file
    down first: a rustup proxy, a shim) takes the reason the engine gives."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="envmgr-case-") as tmp:
        found = replay(case, tmp, soft)
        if check(case, found, tmp) == [] or found:
            return case
        root = os.path.realpath(tmp)
        said = [line.split(": ", 2)[2].replace(root + os.sep, "") for line in found.explain
                if line.startswith(f"{soft.name}: reject ") and line.count(": ") >= 2]
    return {**case, "reason": said[0]} if said else case


def _probe_or_reason(
    soft: type[Soft], cand: Candidate, run: Any, rejected: bool
) -> tuple[Probed | None, str]:
    """The probe's result, or (with ``rejected``) None and the rejection's reason."""
    from envmgr.errors import UsageError

    try:
        probed = soft.probe(cand, run)
    except Reject as exc:
        if not rejected:
            raise
        return None, str(exc)
    if rejected:
        raise UsageError(
            f"{soft.name} does not reject {cand.path}: its probe found version "
            f"{probed.get('version')!r}", "capture it as an installation, without rejected")
    return probed, ""


def _capture_executable(
    soft: type[Soft], cand: Candidate, exe: str, rel: str | None, mirror: bool, rejected: bool
) -> dict[str, Any]:
    from envmgr.detect.engine import describe

    recorded: dict[str, RunResult] = {}
    module = sys.modules.get(soft.__module__)
    plugin_dir = os.path.dirname(os.path.abspath(getattr(module, "__file__", "") or "")) or "\0"

    def recording_run(
        argv: Sequence[str], timeout: float | None = 10.0, env: Any = None
    ) -> RunResult:
        result = _proc.run(argv, timeout=timeout, env=env)
        recorded[" ".join(argv[1:]).replace(plugin_dir, PLUGIN_DIR)] = result
        return result

    skipped = soft.skip_candidate(cand) if rejected else None
    files: dict[str, str] = {}
    if skipped:
        # turned down before any probe (by other files than this one): the probe's output
        # is recorded all the same, for the fake
        try:
            soft.probe(cand, recording_run)
        except Reject:
            pass
        probed, reason = None, skipped
    else:
        with recording_reads() as files:
            probed, reason = _probe_or_reason(soft, cand, recording_run, rejected)
    outputs = {args: r.output for args, r in recorded.items()}
    codes = {r.returncode for r in recorded.values()}
    spec: dict[str, Any] = {"outputs": outputs}
    if len(codes) == 1 and codes != {0}:
        spec["exit"] = codes.pop()
    elif len(codes) > 1:  # a tool that answers one argument and fails another
        spec["exits"] = {args: r.returncode for args, r in recorded.items() if r.returncode}
    if rel is None and mirror:
        real_at = cand.realpath.lstrip(os.sep)
        path_at = cand.path.lstrip(os.sep)
        layout: dict[str, Any] = {real_at: spec}
        layout.update(_link_chain(cand.path, cand.realpath))
        # the engine prefers the real file where its name is one the soft looks for
        exe_at = real_at if soft.matches(os.path.basename(real_at)) else path_at
    else:
        real_at = exe_at = path_at = rel or f"bin/{os.path.basename(exe)}"
        layout = {real_at: spec}

    def where(p: str) -> str | None:
        # the fake stands where the real file is: paths map relative to its dir
        out = os.path.normpath(os.path.join(os.path.dirname(real_at),
                                            os.path.relpath(p, os.path.dirname(cand.realpath))))
        return None if out.startswith("..") else ("" if out == "." else out)

    # files the probe read instead of running it (release_files): placed as they are
    # relative to the real file
    for p, file_spec in file_specs(files).items():
        at = where(p)
        if at:
            layout.setdefault(at, file_spec)
    case: dict[str, Any] = {"soft": soft.name, "captured": f"{exe} on {_machine()}",
                            "layout": layout}
    if probed is None:
        case["expect"] = []
        case["reason"] = _portable_reason(reason, {cand.path: path_at, cand.realpath: real_at})
        return case
    found = describe(soft, cand, probed)
    expect: dict[str, Any] = {"version": probed["version"]}
    prefix_at = where(found.prefix) if found.prefix else None
    if prefix_at is not None:
        expect["prefix"] = prefix_at
    expect["executable"] = exe_at
    attrs = portable_attrs(probed.get("attrs") or {})
    if attrs:
        expect["attrs"] = attrs
    if found.tags:
        expect["tags"] = list(dict.fromkeys(t.lower() for t in found.tags))
    case["expect"] = [expect]
    return case


def file_specs(files: dict[str, str]) -> dict[str, dict[str, Any]]:
    """What a probe read (path → text; ``JAR!MEMBER`` → a member's text) as layout specs:
    ``{"text": ...}`` for a file, ``{"zip": {member: text}}`` for a jar."""
    out: dict[str, dict[str, Any]] = {}
    for key, text in files.items():
        path, bang, member = key.partition("!")
        if bang and member:
            out.setdefault(path, {"zip": {}})["zip"][member] = text
        else:
            out[key] = {"text": text}
    return out


def _link_chain(path: str, real: str) -> dict[str, Any]:
    """The symlinks from ``path`` to ``real`` as layout entries (``/usr/bin/gcc`` →
    ``gcc-12`` → ``x86_64-linux-gnu-gcc-12``); one link straight to it where the chain
    does not end there (a wrapper script the engine sees through)."""
    links: dict[str, Any] = {}
    p = path
    for _ in range(16):
        if not os.path.islink(p) or os.path.realpath(p) != real:
            break
        target = os.readlink(p)
        links[p.lstrip(os.sep)] = {"symlink": target}
        p = os.path.normpath(os.path.join(os.path.dirname(p), target))
    if p == real or path == real:
        return links
    at = path.lstrip(os.sep)
    return {at: {"symlink": os.path.relpath(real.lstrip(os.sep), os.path.dirname(at))}}


def _portable_reason(reason: str, paths: dict[str, str]) -> str:
    """A rejection's reason with the real paths replaced by their places in the layout."""
    for real, at in sorted(paths.items(), key=lambda kv: -len(kv[0])):
        reason = reason.replace(real, at)
    return reason


def portable_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """The attrs a replay on another root gives too: flags, numbers, and strings (or
    lists of strings) that are not paths."""
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if isinstance(value, (bool, int, float)):
            out[key] = value
        elif isinstance(value, str) and os.sep not in value:
            out[key] = value
        elif (isinstance(value, list) and value
              and all(isinstance(v, str) and os.sep not in v for v in value)):
            out[key] = list(value)
    return out


def _capture_file(
    soft: type[Soft], cand: Candidate, rel: str | None, rejected: bool = False
) -> dict[str, Any]:
    from envmgr.detect.engine import describe

    with recording_reads() as files:
        probed, reason = _probe_or_reason(soft, cand, _proc.run, rejected)
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

    for p, spec in file_specs(files).items():
        put(p, spec)
    if cand.kind == "library":
        put(cand.realpath, {"text": ""})  # only its name matters
    if cand.kind == "python-dist":
        # a dist renamed by a packager is found by what it installs: keep what says that
        from envmgr.detect.searchspace import dist_key, provided_by

        own = dist_key(os.path.basename(cand.realpath).rsplit(".", 1)[0].split("-", 1)[0])
        said = provided_by(cand.realpath)
        if said is not None and own not in map(dist_key, soft.names_of("python_dist")):
            put(said, {"text": read_text(said)})
    if cand.kind == "directory":
        for marker in (m for alts in soft.markers for m in alts.split("|") if m):
            for p in sorted(glob.glob(os.path.join(glob.escape(cand.path), marker)))[:2]:
                put(p, {"text": ""})  # marker files: their names are what is looked for
    real_at = where(cand.realpath)
    for p in (cand.path, *cand.also):
        at = where(p)
        if p != cand.realpath and at and real_at and at not in layout:
            layout[at] = {"symlink": os.path.relpath(real_at, os.path.dirname(at))}
    case: dict[str, Any] = {"soft": soft.name, "captured": f"{cand.path} on {_machine()}",
                            "layout": layout}
    if probed is None:
        case["expect"] = []
        places = {p: at for p in (cand.path, cand.realpath) if (at := where(p))}
        case["reason"] = _portable_reason(reason, places)
        return case
    found = describe(soft, cand, probed)
    expect: dict[str, Any] = {"version": probed["version"]}
    path_at = where(cand.path)
    if path_at:
        expect["path"] = path_at
    prefix_at = where(found.prefix) if found.prefix else None
    if prefix_at is not None:
        expect["prefix"] = "" if prefix_at == "." else prefix_at
    portable = portable_attrs(probed.get("attrs") or {})
    if portable:
        expect["attrs"] = portable
    if probed.get("tags"):
        expect["tags"] = list(probed["tags"])
    case["expect"] = [expect]
    return case


# -- keeping only what the probe reads ------------------------------------------------

_DEFINE_LINE = re.compile(r"[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+(.*)$")
_META_FIELDS = re.compile(r"(?:Metadata-Version|Name|Version):")


def minimise(soft: type[Soft], case: dict[str, Any]) -> dict[str, Any]:
    """``case`` with each ``text`` file cut down to the lines the probe reads.

    A cut is kept only where the replay still gives what the case expects (and, for a
    negative case, the same rejection); a case that does not replay as it is, is
    returned unchanged.
    """
    layout = case.get("layout") or {}
    texts = [(rel, spec["text"]) for rel, spec in layout.items()
             if isinstance(spec, dict) and isinstance(spec.get("text"), str) and spec["text"]]
    if not texts or verify(soft, case):
        return case
    out: dict[str, Any] = json.loads(json.dumps(case))
    for rel, text in texts:
        for cut in _cuts(soft, rel, text):
            if len(cut) >= len(text):
                continue
            out["layout"][rel]["text"] = cut
            if not verify(soft, out):
                break
        else:
            out["layout"][rel]["text"] = text
    return out


def verify(soft: type[Soft], case: dict[str, Any]) -> list[str]:
    """Replay ``case`` in a temporary root; what differs from what it expects."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="envmgr-case-") as tmp:
        return check(case, replay(case, tmp, soft), tmp)


def _cuts(soft: type[Soft], rel: str, text: str) -> list[str]:
    """Shorter versions of a text file a probe read, the shortest first; each line keeps
    its own ending (CRLF stays CRLF)."""
    name = os.path.basename(rel)
    if name.endswith(".pc"):
        return []  # small, and every variable may be used
    lines = _lines(text)
    wanted = _regex_lines(soft, text)
    if any(rel == h or rel.endswith("/" + h) for h in soft.headers):
        wanted |= _macro_lines(lines, soft.version_macros)
        return [_join(lines, wanted)]
    if name in ("METADATA", "PKG-INFO"):
        head = _lines(text.split("\n\n", 1)[0])
        fields = {i for i, ln in enumerate(head) if _META_FIELDS.match(ln)}
        return [_join(lines, fields | wanted), _join(lines, set(range(len(head))))]
    return [_join(lines, wanted)] if wanted else []


def _lines(text: str) -> list[str]:
    """``text``'s lines with their endings, split at ``\\n`` only (as line numbers count)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _join(lines: list[str], keep: set[int]) -> str:
    return "".join(lines[i] for i in sorted(keep) if i < len(lines))


def _regex_lines(soft: type[Soft], text: str) -> set[int]:
    """The lines that the soft's version and attrs patterns match in ``text``."""
    keep: set[int] = set()
    for pattern in [soft.version_regex, *dict(soft.attrs_regex).values()]:
        if not pattern:
            continue
        for m in re.finditer(pattern, text, re.MULTILINE):
            first = text.count("\n", 0, m.start())
            keep.update(range(first, text.count("\n", 0, max(m.end() - 1, m.start())) + 1))
    return keep


def _macro_lines(lines: list[str], macros: Sequence[str]) -> set[int]:
    """The ``#define`` lines of ``macros`` and of the macros their values name."""
    defined: dict[str, tuple[int, str]] = {}
    for i, line in enumerate(lines):
        m = _DEFINE_LINE.match(line.rstrip("\r\n"))
        if m:
            defined.setdefault(m.group(1), (i, m.group(2)))
    keep: set[int] = set()
    todo = list(macros)
    while todo:
        name = todo.pop()
        if name not in defined or defined[name][0] in keep:
            continue
        i, value = defined[name]
        keep.add(i)
        todo += [w for w in re.findall(r"[A-Za-z_]\w*", value) if w in defined]
    return keep


# -- several installations in one layout ----------------------------------------------


def combine(cases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One case of several captures of one soft: their layouts together, an expected
    entry for each installation, each origin in ``captured`` (a side-by-side case)."""
    if not cases:
        raise ValueError("combine needs at least one case")
    softs = {c.get("soft") for c in cases}
    if len(softs) != 1:
        raise ValueError(f"cases of several softs cannot be combined: {sorted(map(str, softs))}")
    layout: dict[str, Any] = {}
    captured: list[str] = []
    expect: list[dict[str, Any]] = []
    reasons: list[str] = []
    for c in cases:
        for rel, spec in (c.get("layout") or {}).items():
            if rel in layout and layout[rel] != spec:
                raise ValueError(f"two cases put different files at {rel}")
            layout[rel] = spec
        origin = c.get("captured", "")
        captured += origin if isinstance(origin, list) else [origin]
        expect += c.get("expect", [])
        reasons += _reasons(c)
    out: dict[str, Any] = {"soft": cases[0]["soft"], "captured": captured, "layout": layout,
                           "expect": expect}
    if reasons:
        out["reason"] = reasons[0] if len(reasons) == 1 else reasons
    return out


def _reasons(case: dict[str, Any]) -> list[str]:
    reason = case.get("reason")
    if reason is None:
        return []
    return [reason] if isinstance(reason, str) else [str(r) for r in reason]


def is_negative(case: dict[str, Any]) -> bool:
    """A case that records a rejection: it expects no installation, or says why one of
    its files is turned down (``reason``)."""
    return case.get("expect") == [] or bool(_reasons(case))


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


class Replayed(list[Any]):
    """What a replay found (a list of installations), with the engine's ``--explain``
    lines and warnings."""

    def __init__(self, found: Sequence[Any], explain: Sequence[str] = (),
                 warnings: Sequence[str] = ()) -> None:
        super().__init__(found)
        self.explain = list(explain)
        self.warnings = list(warnings)


def replay(case: dict[str, Any], root: str | os.PathLike[str], soft: type[Soft]) -> Replayed:
    """Write the case's layout under ``root`` and run the real engine on it alone."""
    from envmgr.detect.engine import detect
    from envmgr.detect.explain import Explain
    from envmgr.detect.probecache import ProbeCache

    module = sys.modules.get(soft.__module__)
    plugin_dir = os.path.dirname(os.path.abspath(getattr(module, "__file__", "") or ""))
    write_layout(root, case.get("layout", {}), plugin_dir)
    dirs: list[tuple[str, str]] = []
    for dirpath, dirnames, _ in os.walk(root):
        dirnames.sort()
        dirs.append((dirpath, "case"))
    result = detect([soft], dirs, ProbeCache(None), Explain(True), soft_dirs=False)
    return Replayed(result.found, result.explain.lines, result.warnings)


_IDENTITY = ("prefix", "executable", "path")


def check(case: dict[str, Any], found: list[Any], root: str | os.PathLike[str]) -> list[str]:
    """What differs between the case's ``expect`` (and ``reason``) and what the engine
    found (empty: none)."""
    problems: list[str] = []
    expected = case.get("expect", [])
    got = sorted(found, key=lambda f: (f.version, f.prefix))
    root = os.path.realpath(root)
    problems += [f"the engine warned: {w}" for w in getattr(found, "warnings", ())]
    explain = getattr(found, "explain", None)
    if explain is not None:
        said = [line.replace(root + os.sep, "").replace(root, "") for line in explain
                if line.startswith(f"{case.get('soft')}: ")]
        for reason in _reasons(case):
            if not any(reason in line for line in said):
                problems.append(f"no rejection says {reason!r}; --explain said: "
                                + " | ".join(said[-4:]))
    if len(got) != len(expected):
        seen = ", ".join(f"{f.soft.name} {f.version} at {f.prefix}" for f in got) or "nothing"
        return [*problems, f"expected {len(expected)} installation(s), found {len(got)}: {seen}"]
    remaining = list(got)
    for exp in expected:
        same = [f for f in remaining if f.version == exp.get("version")]
        if not same:
            problems.append(
                f"no installation with version {exp.get('version')!r}; found "
                + ", ".join(repr(f.version) for f in remaining)
            )
            continue
        match = next((f for f in same if not _differences(exp, f, root, _IDENTITY)), same[0])
        remaining.remove(match)
        problems += _differences(exp, match, root)
    return problems


def _differences(exp: dict[str, Any], match: Any, root: str,
                 keys: Sequence[str] = (*_IDENTITY, "attrs", "tags")) -> list[str]:
    """How one found installation differs from one expected entry, in ``keys``."""
    problems: list[str] = []
    if "prefix" in keys and "prefix" in exp:
        want = os.path.join(root, exp["prefix"]) if exp["prefix"] else root
        if os.path.realpath(match.prefix) != os.path.realpath(want):
            problems.append(f"prefix {match.prefix} is not {want}")
    for key in ("executable", "path"):
        if key in keys and key in exp:
            rel = os.path.relpath(match.candidate.path, root)
            if rel != exp[key]:
                problems.append(f"{key} {rel} is not {exp[key]}")
    if "attrs" in keys:
        for key, value in exp.get("attrs", {}).items():
            if match.attrs.get(key) != value:
                problems.append(f"attrs[{key!r}] is {match.attrs.get(key)!r}, not {value!r}")
    if "tags" in keys:
        tags = _all_tags(match)
        for tag in exp.get("tags", []):
            if tag.lower() not in tags:
                problems.append(f"tag {tag!r} missing from {sorted(tags)}")
    return problems


def _all_tags(found: Any) -> set[str]:
    return set(entry_tags(found.soft, found.version, found.tags))
