"""The detection engine: one search space, one indexing pass, parallel cached probes.

1. The search space: PATH, the standard prefixes, every requested soft's ``search_dirs``
   and the plugins' ``envmgr_search_dirs``; shim dirs (pyenv, asdf, mise, ccache) are
   skipped, symlinked dirs visited once.
2. One ``scandir`` pass indexes file names → paths.
3. Each soft matches its patterns against the index. Candidates are resolved (symlinks,
   wrapper scripts that ``exec`` another file) so that one installation is probed once;
   rustup proxies and other dispatchers are skipped.
4. Probes run in parallel daemon threads, each with a deadline; results are cached by
   (soft, realpath, size, mtime) in ``<home>/cache/probes.json``.
5. Each probed candidate becomes a :class:`~envmgr.soft.Found`; those with the same soft,
   prefix and version are one installation.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import queue
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import _proc
from .errors import ProbeError
from .soft import SYSTEM_PREFIXES, Candidate, Found, Reject, Soft

__all__ = [
    "SearchContext",
    "SearchSpace",
    "Explain",
    "ProbeCache",
    "detect",
    "resolve_path",
    "is_shim",
    "default_dirs",
]

STANDARD_DIRS = (
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
    "/opt/*/bin",
    "/snap/bin",
)

# dispatchers, not installations
_SHIM_DIR = re.compile(r"(^|/)(shims|ccache)(/|$)|/\.?mise/installs/[^/]+/latest")

PROBE_GRACE = 2.0


@dataclass
class SearchContext:
    """What ``envmgr_search_dirs`` implementations are told about the run."""

    softs: list[str]
    home: str
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))


class Explain:
    """Collects why each dir was searched and each candidate kept or rejected."""

    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled
        self.lines: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        if self.enabled:
            with self._lock:
                self.lines.append(line)


def _expand(pattern: str, environ: dict[str, str]) -> list[str]:
    if "$" in pattern:
        expanded = os.path.expandvars(pattern) if environ is os.environ else _expandvars(pattern, environ)
        if "$" in expanded:  # an unset variable: drop the glob
            return []
        pattern = expanded
    pattern = os.path.expanduser(pattern)
    if any(c in pattern for c in "*?["):
        return sorted(glob.glob(pattern))
    return [pattern]


def _expandvars(text: str, environ: dict[str, str]) -> str:
    return re.sub(
        r"\$\{?(\w+)\}?", lambda m: environ.get(m.group(1), m.group(0)), text
    )


def is_shim(path: str) -> str | None:
    """Why ``path`` is a dispatcher rather than an installation, or None."""
    d = os.path.dirname(path)
    if _SHIM_DIR.search(d):
        return "a shim dir (version-manager dispatcher)"
    # rustup proxies: rustc, cargo ... in ~/.cargo/bin are the rustup binary itself
    rustup = os.path.join(d, "rustup")
    if os.path.basename(path) != "rustup" and os.path.exists(rustup):
        try:
            a, b = os.stat(path), os.stat(rustup)
            if (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev) or (
                a.st_size == b.st_size and os.path.realpath(path) == os.path.realpath(rustup)
            ):
                return "a rustup proxy (dispatcher)"
        except OSError:
            pass
    return None


_EXEC_LINE = re.compile(r"""^\s*exec\s+(?:"([^"]+)"|'([^']+)'|(\S+))\s+("\$@"|"\$\{@\}"|\$@|\$\*)\s*$""", re.M)


def resolve_path(path: str, depth: int = 0) -> str:
    """Follow symlinks and small wrapper scripts (``exec /real/tool "$@"``) to the real file."""
    real = os.path.realpath(path)
    if depth > 4:
        return real
    try:
        if os.path.getsize(real) > 4096:
            return real
        with open(real, "rb") as f:
            head = f.read(4096)
    except OSError:
        return real
    if not head.startswith(b"#!"):
        return real
    text = head.decode("utf-8", "replace")
    lines = [ln for ln in text.splitlines()[1:] if ln.strip() and not ln.lstrip().startswith("#")]
    m = _EXEC_LINE.search(text)
    if m and len(lines) <= 3:
        target = next(g for g in m.groups()[:3] if g)
        if os.path.isabs(target) and os.access(target, os.X_OK) and os.path.realpath(target) != real:
            return resolve_path(target, depth + 1)
    return real


def default_dirs() -> list[tuple[str, str]]:
    dirs = [(d, "PATH") for d in os.environ.get("PATH", "").split(os.pathsep) if d]
    for pattern in STANDARD_DIRS:
        dirs += [(d, "standard") for d in _expand(pattern, dict(os.environ))]
    return dirs


class SearchSpace:
    """The indexed search space: dirs in order, and file name → paths."""

    def __init__(self, dirs: Iterable[tuple[str, str]], explain: Explain) -> None:
        self.dirs: list[tuple[str, str]] = []
        self.files: dict[str, list[str]] = {}
        seen: set[str] = set()
        for d, origin in dirs:
            d = os.path.abspath(os.path.expanduser(d))
            real = os.path.realpath(d)
            if real in seen:
                continue
            seen.add(real)
            if _SHIM_DIR.search(d) or _SHIM_DIR.search(real):
                explain(f"skip dir {d} ({origin}): shims are dispatchers, not installations")
                continue
            try:
                entries = list(os.scandir(d))
            except OSError:
                continue
            self.dirs.append((d, origin))
            explain(f"search {d} ({origin}): {len(entries)} files")
            for e in entries:
                self.files.setdefault(e.name, []).append(e.path)

    def executables(self, soft: type[Soft]) -> list[str]:
        """Paths whose file name matches one of ``soft``'s executable patterns, in search order."""
        regex = soft._exe_regex()
        out: list[str] = []
        for name, paths in self.files.items():
            if regex.fullmatch(name):
                out.extend(paths)
        order = {d: i for i, (d, _) in enumerate(self.dirs)}
        out.sort(key=lambda p: (order.get(os.path.dirname(p), 0), _pattern_rank(soft, p)))
        return out


def _pattern_rank(soft: type[Soft], path: str) -> int:
    name = os.path.basename(path)
    for i, pattern in enumerate(soft.executables):
        if re.fullmatch(pattern, name):
            return i
    return len(soft.executables)


class ProbeCache:
    """Probe results keyed by (soft fingerprint, realpath, size, mtime)."""

    VERSION = 1

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.data: dict[str, Any] = {}
        self.dirty = False
        if path:
            try:
                with open(path) as f:
                    raw = json.load(f)
                if raw.get("version") == self.VERSION:
                    self.data = raw.get("probes", {})
            except (OSError, ValueError, AttributeError):
                self.data = {}

    @staticmethod
    def key(soft: type[Soft], cand: Candidate) -> str | None:
        try:
            st = os.stat(cand.realpath)
        except OSError:
            return None
        return f"{soft.name}\0{_fingerprint(soft)}\0{cand.realpath}\0{st.st_size}\0{st.st_mtime_ns}"

    def get(self, key: str | None) -> Any:
        return self.data.get(key) if key else None

    def put(self, key: str | None, value: Any) -> None:
        if key:
            self.data[key] = value
            self.dirty = True

    def save(self) -> None:
        if not (self.path and self.dirty):
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = f"{self.path}.{os.getpid()}.tmp"
        with open(tmp, "w") as f:
            json.dump({"version": self.VERSION, "probes": self.data}, f)
        os.replace(tmp, self.path)
        self.dirty = False


_fingerprints: dict[type, str] = {}


def _fingerprint(soft: type[Soft]) -> str:
    """Changes when the soft's declaration changes, so stale probe results are not reused."""
    fp = _fingerprints.get(soft)
    if fp is None:
        module = sys.modules.get(soft.__module__)
        src = getattr(module, "__file__", "") or ""
        try:
            st = os.stat(src)
            stamp = f"{src}:{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            stamp = src
        fp = hashlib.sha1(f"{stamp}:{soft.__qualname__}".encode()).hexdigest()[:12]
        _fingerprints[soft] = fp
    return fp


# -- parallel probes with deadlines -------------------------------------------------


class _Job:
    def __init__(self, fn: Callable[[], Any], timeout: float) -> None:
        self.fn = fn
        self.timeout = timeout
        self.started: float | None = None
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class _Pool:
    """Daemon worker threads: a probe hung in Python code cannot block envmgr's exit."""

    def __init__(self, workers: int) -> None:
        self.q: queue.Queue[_Job] = queue.Queue()
        for _ in range(workers):
            self._spawn()

    def _spawn(self) -> None:
        threading.Thread(target=self._work, daemon=True, name="envmgr-probe").start()

    def _work(self) -> None:
        while True:
            job = self.q.get()
            job.started = time.monotonic()
            try:
                job.value = job.fn()
            except BaseException as exc:  # noqa: BLE001 - reported by the caller
                job.error = exc
            job.done.set()

    def submit(self, fn: Callable[[], Any], timeout: float) -> _Job:
        job = _Job(fn, timeout)
        self.q.put(job)
        return job

    def wait(self, job: _Job) -> bool:
        """Wait for ``job``; False if it overran its deadline (its worker is replaced)."""
        while not job.done.wait(0.05):
            if job.started is not None and time.monotonic() > job.started + job.timeout + PROBE_GRACE:
                self._spawn()
                return False
        return True


# -- the engine ---------------------------------------------------------------------


@dataclass
class DetectResult:
    found: list[Found]
    probed: dict[str, set[str]]
    """soft name → realpaths probed this run (for staleness)."""
    explain: Explain
    warnings: list[str]


def _probe_one(soft: type[Soft], cand: Candidate, cache: ProbeCache) -> tuple[str, Any]:
    key = ProbeCache.key(soft, cand)
    cached = cache.get(key)
    if cached is not None:
        return ("cached", cached)
    try:
        result = soft.probe(cand, _proc.run)
    except Reject as exc:
        cache.put(key, {"reject": str(exc)})
        return ("probed", {"reject": str(exc)})
    except ProbeError as exc:
        return ("error", {"reject": str(exc)})
    if not isinstance(result, dict) or not isinstance(result.get("version"), str):
        raise TypeError(f"probe returned {result!r:.80}, not a dict with a 'version' string")
    value = {"ok": result}
    cache.put(key, value)
    return ("probed", value)


def candidates(soft: type[Soft], space: SearchSpace, explain: Explain) -> list[Candidate]:
    """Resolved, de-duplicated candidates of ``soft`` in the search space."""
    by_real: dict[str, list[str]] = {}
    for path in space.executables(soft):
        if not os.access(path, os.X_OK) or os.path.isdir(path):
            continue
        why = is_shim(path)
        if why:
            explain(f"{soft.name}: reject {path}: {why}")
            continue
        real = soft.resolve(path, resolve_path)
        by_real.setdefault(real, []).append(path)
    out = []
    for real, paths in by_real.items():
        # prefer the real file itself, then the first found in search order
        chosen = real if real in paths else paths[0]
        others = tuple(p for p in paths if p != chosen)
        if others:
            explain(f"{soft.name}: {', '.join(others)} resolve to {real}: one candidate")
        out.append(Candidate(path=chosen, realpath=real, also=others))
    return out


def detect(
    softs: Sequence[type[Soft]],
    dirs: Sequence[tuple[str, str]],
    cache: ProbeCache,
    explain: Explain | None = None,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
    soft_dirs: bool = True,
) -> DetectResult:
    """Find, probe and describe every installation of ``softs`` in ``dirs``.

    ``soft_dirs=False`` leaves out the softs' own ``search_dirs`` (an isolated search).
    """
    explain = explain or Explain()
    all_dirs = list(dirs)
    env = dict(os.environ)
    for soft in softs if soft_dirs else ():
        for pattern in soft.search_dirs:
            all_dirs += [(d, f"{soft.name} search_dirs") for d in _expand(pattern, env)]
    space = SearchSpace(all_dirs, explain)

    jobs: list[tuple[type[Soft], Candidate, _Job]] = []
    pool = _Pool(workers or min(16, (os.cpu_count() or 2) * 4))
    for soft in softs:
        cands = candidates(soft, space, explain)
        if not cands:
            explain(f"{soft.name}: no candidates (patterns: {', '.join(soft.executables) or '-'})")
        for cand in cands:
            job = pool.submit(lambda s=soft, c=cand: _probe_one(s, c, cache), soft.timeout)
            jobs.append((soft, cand, job))

    found: list[Found] = []
    warnings: list[str] = []
    probed: dict[str, set[str]] = {s.name: set() for s in softs}
    for soft, cand, job in jobs:
        if not pool.wait(job):
            warnings.append(
                f"{soft.name}: probing {cand.path} did not finish within {soft.timeout:g}s; skipped"
            )
            explain(f"{soft.name}: reject {cand.path}: probe hung")
            continue
        if job.error is not None:
            warnings.append(f"{soft.name}: probing {cand.path} failed: {job.error}; skipped")
            explain(f"{soft.name}: reject {cand.path}: probe raised {job.error!r}")
            continue
        how, value = job.value
        probed[soft.name].add(cand.realpath)
        if "reject" in value:
            explain(f"{soft.name}: reject {cand.path}: {value['reject']}")
            if how == "error":  # timed out or could not run: worth a warning
                warnings.append(f"{soft.name}: {value['reject']}; skipped")
            continue
        try:
            item = describe(soft, cand, value["ok"])
        except Exception as exc:  # noqa: BLE001 - a plugin's override may fail
            warnings.append(f"{soft.name}: describing {cand.path} failed: {exc}; skipped")
            continue
        explain(f"{soft.name}: keep {cand.path} -> {soft.name} {item.version} at {item.prefix} ({how})")
        found.append(item)
        if progress:
            progress(f"{soft.name} {item.version}")
    cache.save()
    return DetectResult(found=_merge(found, explain), probed=probed, explain=explain, warnings=warnings)


def _merge(found: list[Found], explain: Explain) -> list[Found]:
    """One installation per (soft, prefix, version): the first candidate wins."""
    out: dict[tuple[str, str, str], Found] = {}
    for f in found:
        key = (f.soft.name, f.prefix, f.version)
        if key in out:
            explain(
                f"{f.soft.name}: {f.candidate.path} is the same installation as "
                f"{out[key].candidate.path} ({f.prefix}, {f.version})"
            )
            continue
        out[key] = f
    return list(out.values())


def describe(soft: type[Soft], cand: Candidate, probed: dict[str, Any]) -> Found:
    """Turn a probe result into a Found: prefix, paths, commands, env and tags."""
    version = probed["version"]
    prefix = probed.get("prefix") or soft.determine_prefix(cand)
    paths = probed.get("paths") or soft.determine_paths(prefix, cand)
    commands = soft.commands(cand)
    attrs = {"executable": cand.path, "realpath": cand.realpath, "commands": commands}
    attrs.update(probed.get("attrs") or {})
    values = {
        "prefix": prefix,
        "bindir": os.path.dirname(cand.path),
        "executable": cand.path,
        "version": version,
        "cmd": commands,
    }
    env: dict[str, str] = {}
    for var, template in {**soft.env, **(probed.get("env") or {})}.items():
        try:
            env[var] = template.format(**values)
        except (KeyError, IndexError, ValueError):
            continue
    found = Found(
        soft=soft,
        candidate=cand,
        version=version,
        prefix=prefix,
        paths=paths,
        env=env,
        attrs=attrs,
        commands=commands,
    )
    found.tags = list(probed.get("tags") or []) + list(soft.extra_tags(found))
    return found


def system_prefix(prefix: str) -> bool:
    return prefix in SYSTEM_PREFIXES
