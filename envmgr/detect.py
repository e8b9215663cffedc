"""The detection engine: one search space, one indexing pass, parallel cached probes.

1. The search space: PATH, the standard prefixes, every requested soft's ``search_dirs``
   and the plugins' ``envmgr_search_dirs``; shim dirs (pyenv, asdf, mise, ccache) are
   skipped, symlinked dirs visited once.
2. One ``scandir`` pass indexes file names → paths. The dirs of the other forms (lib,
   include, pkg-config, site-packages dirs: the standard ones, those named by the
   environment, and those of every prefix in the search space) are indexed the same way,
   each kind once and only when a requested soft declares that form.
3. Each soft matches its patterns against the index. Candidates are resolved (symlinks,
   wrapper scripts that ``exec`` another file) so that one installation is probed once;
   rustup proxies and other dispatchers are skipped, and so is what a soft's
   ``skip_candidate`` turns down (a decision that may depend on other files).
4. Probes run in parallel daemon threads, each with a deadline; results are cached by
   (soft, realpath, size, mtime) in ``<home>/cache/probes.json``, shared by concurrent runs.
5. Each probed candidate becomes a :class:`~envmgr.soft.Found`; those with the same soft,
   prefix, version and variant are one installation (the forms' findings merged).
"""

from __future__ import annotations

import bisect
import fnmatch
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
from .soft import LIB_DIR_NAMES, MULTIARCH, Candidate, Found, Reject, Soft

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

# The other forms' standard dirs, searched unless the search is isolated. Variables name
# path lists; the multiarch triple is filled in at run time.
STANDARD_FORM_DIRS: dict[str, tuple[str, ...]] = {
    "library": (
        "$LD_LIBRARY_PATH", "$LIBRARY_PATH", "/usr/local/lib", "/usr/local/lib64",
        "/usr/local/lib/{triple}", "/usr/lib/{triple}", "/usr/lib64", "/usr/lib",
        "/lib/{triple}", "/lib64", "/lib", "@ld.so.conf",
    ),
    "header": (
        "$CPATH", "$C_INCLUDE_PATH", "$CPLUS_INCLUDE_PATH", "/usr/local/include",
        "/usr/include/{triple}", "/usr/include",
    ),
    "pkgconfig": (
        "$PKG_CONFIG_PATH", "/usr/local/lib/pkgconfig", "/usr/local/lib/{triple}/pkgconfig",
        "/usr/local/share/pkgconfig", "/usr/lib/{triple}/pkgconfig", "/usr/lib64/pkgconfig",
        "/usr/lib/pkgconfig", "/usr/share/pkgconfig",
    ),
    "python-dist": (
        "$VIRTUAL_ENV/lib/python*/site-packages", "$CONDA_PREFIX/lib/python*/site-packages",
        "~/.local/lib/python*/site-packages",
        "$PYENV_ROOT/versions/*/lib/python*/site-packages",
        "~/.pyenv/versions/*/lib/python*/site-packages",
        "~/.local/share/uv/python/*/lib/python*/site-packages",
        "~/miniconda3/lib/python*/site-packages", "~/miniconda3/envs/*/lib/python*/site-packages",
        "~/anaconda3/lib/python*/site-packages", "~/anaconda3/envs/*/lib/python*/site-packages",
        "~/miniforge3/lib/python*/site-packages", "~/miniforge3/envs/*/lib/python*/site-packages",
        "/opt/conda/lib/python*/site-packages", "/opt/conda/envs/*/lib/python*/site-packages",
        "/usr/local/lib/python3*/dist-packages", "/usr/local/lib/python3*/site-packages",
        "/usr/lib/python3/dist-packages", "/usr/lib/python3*/site-packages",
    ),
    # one level only: a glob one level deeper would list every file of a flat dataset
    "directory": ("$ENVMGR_DATA", "$ENVMGR_DATA/*", "~/datasets/*", "~/data/*", "/data/*",
                  "/datasets/*"),
}

# Where, under a prefix of the search space, each form looks.
PREFIX_FORM_DIRS: dict[str, tuple[str, ...]] = {
    "library": ("lib", "lib64", "lib/{triple}"),
    "header": ("include",),
    "pkgconfig": ("lib/pkgconfig", "lib64/pkgconfig", "lib/{triple}/pkgconfig", "share/pkgconfig"),
    "python-dist": ("lib/python*/site-packages", "lib/python3*/dist-packages"),
}

# dispatchers, not installations
_SHIM_DIR = re.compile(r"(^|/)(shims|ccache)(/|$)|/\.?mise/installs/[^/]+/latest")

PROBE_GRACE = 2.0


@dataclass
class SearchContext:
    """What ``envmgr_search_dirs`` implementations are told about the run."""

    softs: list[str]
    home: str
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ), repr=False)


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
        expanded = _expandvars(pattern, environ)
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


_EXEC_LINE = re.compile(
    r"""^\s*exec\s+(?:"([^"]+)"|'([^']+)'|(\S+))\s+("\$@"|"\$\{@\}"|\$@|\$\*)\s*$""", re.M
)


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
        if (os.path.isabs(target) and os.access(target, os.X_OK)
                and os.path.realpath(target) != real):
            return resolve_path(target, depth + 1)
    return real


def default_dirs() -> list[tuple[str, str]]:
    dirs = [(d, "PATH") for d in os.environ.get("PATH", "").split(os.pathsep) if d]
    for pattern in STANDARD_DIRS:
        dirs += [(d, "standard") for d in _expand(pattern, dict(os.environ))]
    return dirs


def _multiarch() -> str:
    import sysconfig

    triple = sysconfig.get_config_var("MULTIARCH")
    if triple:
        return str(triple)
    import platform

    return f"{platform.machine()}-linux-gnu"


def _ld_so_conf(path: str = "/etc/ld.so.conf", depth: int = 0) -> list[str]:
    """The dirs ``ld.so.conf`` names, ``include`` globs followed."""
    out: list[str] = []
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError:
        return out
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("include") and depth < 4:
            pattern = line.split(None, 1)[1] if " " in line or "\t" in line else ""
            if pattern and not os.path.isabs(pattern):
                pattern = os.path.join(os.path.dirname(path), pattern)
            for inc in sorted(glob.glob(pattern)) if pattern else ():
                out += _ld_so_conf(inc, depth + 1)
        elif line.startswith("/"):
            out.append(line)
    return out


def _shape(d: str) -> str | None:
    """The form whose dir ``d`` looks like: a lib, include, pkg-config or site-packages dir."""
    base = os.path.basename(d)
    if base in LIB_DIR_NAMES:
        return "library"
    if MULTIARCH.match(base) and os.path.basename(os.path.dirname(d)) in LIB_DIR_NAMES:
        return "library"
    return {
        "include": "header",
        "pkgconfig": "pkgconfig",
        "site-packages": "python-dist",
        "dist-packages": "python-dist",
    }.get(base)


def _norm_dir(d: str) -> str:
    """``d`` with its parent's symlinks resolved, the dir itself kept by name: /lib is
    /usr/lib on merged-usr systems, but /usr/local/cuda-13.0/lib64 stays lib64."""
    d = os.path.normpath(os.path.abspath(os.path.expanduser(d)))
    parent = os.path.dirname(d)
    return os.path.join(os.path.realpath(parent), os.path.basename(d)) if parent != d else d


def _literal_prefix(pattern: str) -> str:
    """The literal text every match of ``pattern`` starts with (``libz.so.`` for
    ``libz\\.so\\.(?P<version>.*)``); empty where the pattern allows no such claim."""
    depth = 0
    escaped = in_class = False
    for c in pattern:  # a top-level alternation: no common start
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return ""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            out.append(pattern[i + 1])
            i += 2
            continue
        if c in ".^$*+?{}[]|()\\":
            break
        out.append(c)
        i += 1
    if i < len(pattern) and pattern[i] in "*?{" and out:
        out.pop()  # the last literal is optional
    return "".join(out)


class FormDirs:
    """The dirs of one form (lib, include ...) in search order, indexed by file name."""

    def __init__(self, kind: str, dirs: Sequence[tuple[str, str]], explain: Explain,
                 scan: bool = True) -> None:
        self.kind = kind
        self.dirs: list[tuple[str, str]] = []
        self.files: dict[str, list[str]] = {}
        seen: set[str] = set()
        for d, origin in dirs:
            if not os.path.isdir(d):  # most dirs derived from prefixes do not exist
                continue
            d = _norm_dir(d)
            real = os.path.realpath(d)
            if real in seen:
                continue
            seen.add(real)
            if not scan:
                self.dirs.append((d, origin))
                continue
            try:
                names = os.listdir(d)
            except OSError:
                continue
            self.dirs.append((d, origin))
            explain(f"search {kind} dir {d} ({origin}): {len(names)} files")
            for name in names:
                self.files.setdefault(name, []).append(os.path.join(d, name))
        self._sorted: list[str] | None = None

    def names_with_prefix(self, prefix: str) -> list[str]:
        if not prefix:
            return list(self.files)
        if self._sorted is None:
            self._sorted = sorted(self.files)
        i = bisect.bisect_left(self._sorted, prefix)
        out = []
        while i < len(self._sorted) and self._sorted[i].startswith(prefix):
            out.append(self._sorted[i])
            i += 1
        return out

    def order(self) -> dict[str, int]:
        return {d: i for i, (d, _) in enumerate(self.dirs)}


class SearchSpace:
    """The indexed search space: dirs in order, and file name → paths.

    The executables' dirs are indexed at once; each other form's dirs (:meth:`form`)
    the first time a soft of that form asks.
    """

    def __init__(
        self,
        dirs: Iterable[tuple[str, str]],
        explain: Explain,
        system: bool = False,
        environ: dict[str, str] | None = None,
        data_dirs: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.dirs: list[tuple[str, str]] = []
        self.files: dict[str, list[str]] = {}
        self.explain = explain
        self.system = system
        self.environ = environ if environ is not None else dict(os.environ)
        self.data_dirs = list(data_dirs)
        self._forms: dict[str, FormDirs] = {}
        self._given: list[tuple[str, str]] = []
        self._site_index: dict[str, list[str]] | None = None
        self._sorted_names: list[str] | None = None
        self._listings: dict[str, list[str] | None] = {}
        self._name_rank: dict[str, int] = {}
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
            self._given.append((d, origin))
            try:
                entries = list(os.scandir(d))
            except OSError:
                continue
            self.dirs.append((d, origin))
            explain(f"search {d} ({origin}): {len(entries)} files")
            for e in entries:
                self.files.setdefault(e.name, []).append(e.path)

    def _names_for(self, patterns: Sequence[str]) -> Iterable[str]:
        """The indexed names that may match one of ``patterns``, in index order: only those
        starting with each pattern's literal start (``cmake`` for ``cmake\\d?``), found by
        bisection, so that hundreds of softs do not each test every name."""
        prefixes = [_literal_prefix(p) for p in patterns]
        if not prefixes or "" in prefixes:
            return self.files
        if self._sorted_names is None:
            self._sorted_names = sorted(self.files)
            self._name_rank = {n: i for i, n in enumerate(self.files)}
        names: set[str] = set()
        for prefix in prefixes:
            i = bisect.bisect_left(self._sorted_names, prefix)
            while i < len(self._sorted_names) and self._sorted_names[i].startswith(prefix):
                names.add(self._sorted_names[i])
                i += 1
        return sorted(names, key=self._name_rank.__getitem__)

    # -- the other forms' dirs ----------------------------------------------------------
    def form(self, kind: str) -> FormDirs:
        """The indexed dirs of ``kind`` (``library``, ``header``, ``pkgconfig``,
        ``python-dist``, ``directory``), built on first use."""
        fd = self._forms.get(kind)
        if fd is None:
            fd = FormDirs(kind, self._form_dirs(kind), self.explain, scan=kind != "directory")
            self._forms[kind] = fd
        return fd

    def _form_dirs(self, kind: str) -> list[tuple[str, str]]:
        """Environment variables' dirs first, then the search space's own (a dir of the
        form's shape, or the form's dirs under each prefix), then the standard ones."""
        triple = _multiarch()
        env_dirs: list[tuple[str, str]] = []
        std_dirs: list[tuple[str, str]] = []
        if self.system:
            for pattern in STANDARD_FORM_DIRS.get(kind, ()):
                if pattern == "@ld.so.conf":
                    std_dirs += [(d, "ld.so.conf") for d in _ld_so_conf()]
                elif pattern.startswith("$") and "/" not in pattern:
                    value = self.environ.get(pattern[1:], "")
                    env_dirs += [(d, pattern[1:]) for d in value.split(os.pathsep) if d]
                else:
                    pattern = pattern.replace("{triple}", triple)
                    std_dirs += [(d, "standard") for d in _expand(pattern, self.environ)]
        own: list[tuple[str, str]] = []
        if kind == "directory":
            own = list(self._given) + list(self.data_dirs)
        else:
            for d, origin in self._given:
                if _shape(d) == kind:
                    own.append((d, origin))
                base = os.path.basename(d)
                prefix = os.path.dirname(os.path.realpath(d)) if base in ("bin", "sbin") else d
                for sub in PREFIX_FORM_DIRS.get(kind, ()):
                    sub = sub.replace("{triple}", triple)
                    path = os.path.join(prefix, sub)
                    found = sorted(glob.glob(path)) if "*" in sub else [path]
                    own += [(p, f"prefix of {origin} dir") for p in found]
        return env_dirs + own + std_dirs

    def files_in(self, d: str) -> list[str] | None:
        """The names in dir ``d`` (listed once per run); None if it cannot be listed."""
        if d not in self._listings:
            try:
                self._listings[d] = os.listdir(d)
            except OSError:
                self._listings[d] = None
        return self._listings[d]

    def site_index(self) -> dict[str, list[str]]:
        """Normalised distribution name → its ``.dist-info``/``.egg-info`` paths."""
        if self._site_index is None:
            index: dict[str, list[str]] = {}
            for name, paths in self.form("python-dist").files.items():
                if name.endswith(".dist-info"):
                    stem = name[: -len(".dist-info")]
                elif name.endswith(".egg-info"):
                    stem = name[: -len(".egg-info")]
                else:
                    continue
                index.setdefault(dist_key(stem.split("-", 1)[0]), []).extend(paths)
            self._site_index = index
        return self._site_index

    def executables(self, soft: type[Soft]) -> list[str]:
        """Paths whose file name matches one of ``soft``'s executable patterns, in search order."""
        out: list[str] = []
        for name in self._names_for(soft.executables):
            if soft.matches(name):
                out.extend(self.files[name])
        order = {d: i for i, (d, _) in enumerate(self.dirs)}
        out.sort(key=lambda p: (order.get(os.path.dirname(p), 0), _pattern_rank(soft, p)))
        return out


def dist_key(name: str) -> str:
    """A distribution name as dist-info dir names spell it, lowercased (PEP 503/427)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _pattern_rank(soft: type[Soft], path: str) -> int:
    name = os.path.basename(path)
    for i, pattern in enumerate(soft.executables):
        if re.fullmatch(pattern, name):
            return i
    return len(soft.executables)


class ProbeCache:
    """Probe results keyed by (soft fingerprint, realpath, size, mtime).

    Probe threads ``put`` while the engine reads, so the dict is guarded by a lock.
    :meth:`save` merges with what other processes saved meanwhile (under a file lock),
    drops the results of files that changed or vanished, and never fails a detection.
    """

    VERSION = 1
    LOCK_TIMEOUT = 10.0

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.data: dict[str, Any] = self._read() if path else {}
        self.dirty = False

    def _read(self) -> dict[str, Any]:
        try:
            with open(self.path or "") as f:
                raw = json.load(f)
            probes = raw.get("probes", {}) if raw.get("version") == self.VERSION else {}
            return probes if isinstance(probes, dict) else {}
        except (OSError, ValueError, AttributeError):
            return {}

    @staticmethod
    def key(soft: type[Soft], cand: Candidate) -> str | None:
        """None (not cached) for a file that cannot be stat'ed. A marker dir's key also
        holds the stat of the ``version_file`` its probe reads."""
        stamp = _stamp(cand.realpath)
        if stamp is None:
            return None
        key = f"{soft.name}\0{_fingerprint(soft)}\0{cand.realpath}\0{stamp}"
        if cand.kind == "directory" and soft.version_file:
            version_file = os.path.join(cand.realpath, soft.version_file)
            key += f"\0{version_file}\0{_stamp(version_file)}"
        return key

    def get(self, key: str | None) -> Any:
        if not key:
            return None
        with self._lock:
            return self.data.get(key)

    def put(self, key: str | None, value: Any) -> None:
        if key:
            with self._lock:
                self.data[key] = value
                self.dirty = True

    def save(self) -> None:
        """Merge this run's results into the file (ours win); an error only loses them."""
        if not (self.path and self.dirty):
            return
        from filelock import FileLock, Timeout

        with self._lock:
            ours = dict(self.data)
            self.dirty = False
        tmp = f"{self.path}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with FileLock(self.path + ".lock", timeout=self.LOCK_TIMEOUT):
                merged = {**self._read(), **ours}
                live = {k: v for k, v in merged.items() if _current(k)}
                with open(tmp, "w") as f:
                    json.dump({"version": self.VERSION, "probes": live}, f)
                os.replace(tmp, self.path)
        except (OSError, Timeout):
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _stamp(path: str) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}\0{st.st_mtime_ns}"


def _current(key: str) -> bool:
    """Whether a cache key's file is still there, unchanged (else the key can never hit)."""
    parts = key.split("\0")
    return len(parts) >= 5 and _stamp(parts[2]) == f"{parts[3]}\0{parts[4]}"


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
    """Daemon worker threads: a probe hung in Python code cannot block envmgr's exit.

    :meth:`close` ends the workers once a run is done; a worker abandoned to a hung probe
    ends when (if ever) that probe returns.
    """

    def __init__(self, workers: int) -> None:
        self.q: queue.Queue[_Job | None] = queue.Queue()
        self.threads = 0
        for _ in range(workers):
            self._spawn()

    def _spawn(self) -> None:
        self.threads += 1
        threading.Thread(target=self._work, daemon=True, name="envmgr-probe").start()

    def _work(self) -> None:
        while True:
            job = self.q.get()
            if job is None:
                return
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
            deadline = None if job.started is None else job.started + job.timeout + PROBE_GRACE
            if deadline is not None and time.monotonic() > deadline:
                self._spawn()
                return False
        return True

    def close(self) -> None:
        """One stop sentinel per worker ever started (the abandoned ones included)."""
        for _ in range(self.threads):
            self.q.put(None)


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


def _bind(soft: type[Soft], cand: Candidate, cache: ProbeCache) -> Callable[[], Any]:
    return lambda: _probe_one(soft, cand, cache)


def candidates(soft: type[Soft], space: SearchSpace, explain: Explain) -> list[Candidate]:
    """Resolved, de-duplicated candidates of ``soft`` in the search space, form by form."""
    out: list[Candidate] = []
    for kind in soft.forms():
        if kind == "executable":
            out += _executable_candidates(soft, space, explain)
        else:
            out += _FORM_CANDIDATES[kind](soft, space, explain)
    return out


def _executable_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
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


def _file_candidates(
    soft: type[Soft], kind: str, found: list[tuple[str, str]], explain: Explain
) -> list[Candidate]:
    """(path, search dir) pairs → candidates, one per real file (the real file's own
    name preferred, the other names kept in ``also``)."""
    by_real: dict[str, list[tuple[str, str]]] = {}
    for path, d in found:
        real = os.path.realpath(path)
        by_real.setdefault(real, []).append((path, d))
    out = []
    for real, pairs in by_real.items():
        chosen = next((p for p in pairs if p[0] == real), pairs[0])
        others = tuple(p for p, _ in pairs if p != chosen[0])
        if others:
            explain(f"{soft.name}: {', '.join(others)} resolve to {real}: one candidate")
        out.append(Candidate(path=chosen[0], realpath=real, kind=kind, also=others, dir=chosen[1]))
    return out


def _library_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    fd = space.form("library")
    order = fd.order()
    found: list[tuple[str, str]] = []
    for pattern in soft.libraries:
        regex = re.compile(pattern)
        for name in fd.names_with_prefix(_literal_prefix(pattern)):
            if regex.fullmatch(name):
                found += [(p, os.path.dirname(p)) for p in fd.files[name] if os.path.isfile(p)]
    found.sort(key=lambda pd: order.get(pd[1], 0))
    return _file_candidates(soft, "library", list(dict.fromkeys(found)), explain)


def _header_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    fd = space.form("header")
    order = fd.order()
    found: list[tuple[str, str]] = []
    for header in soft.headers:
        first = header.split("/", 1)[0]
        for top in fd.files.get(first, ()):
            incdir = os.path.dirname(top)
            path = os.path.join(incdir, header)
            if os.path.isfile(path):
                found.append((path, incdir))
    found.sort(key=lambda pd: order.get(pd[1], 0))
    return _file_candidates(soft, "header", found, explain)


def _pkgconfig_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    fd = space.form("pkgconfig")
    found: list[tuple[str, str]] = []
    for name in soft.names_of("pkgconfig"):
        found += [(p, os.path.dirname(p)) for p in fd.files.get(name + ".pc", ())
                  if os.path.isfile(p)]
    return _file_candidates(soft, "pkgconfig", found, explain)


def _python_dist_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    index = space.site_index()
    found: list[tuple[str, str]] = []
    for name in soft.names_of("python_dist"):
        found += [(p, os.path.dirname(p)) for p in index.get(dist_key(name), ())]
    return _file_candidates(soft, "python-dist", found, explain)


def _has_marker(d: str, marker: str, space: SearchSpace) -> bool:
    if any(c in marker for c in "*?["):
        if "/" not in marker:
            names = space.files_in(d)
            if names is not None:
                return any(fnmatch.fnmatchcase(n, marker) for n in names)
        return bool(glob.glob(os.path.join(glob.escape(d), marker)))
    return os.path.exists(os.path.join(d, marker))


def _directory_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    fd = space.form("directory")
    markers = list(soft.markers)
    dirs = [d for d, _ in fd.dirs]
    first = markers[0]
    if not any(c in first for c in "*?[/"):
        # the search space's own dirs are indexed: look the first marker up there
        indexed = {os.path.dirname(p) for p in space.files.get(first, ())}
        scanned = {d for d, _ in space.dirs}
        dirs = [d for d in dirs if d in indexed or d not in scanned]
    found: list[tuple[str, str]] = []
    for d in dirs:
        if all(_has_marker(d, m, space) for m in markers):
            found.append((d, d))
    if found:
        explain(f"{soft.name}: {len(found)} dir(s) hold {', '.join(markers)}")
    return _file_candidates(soft, "directory", found, explain)


_FORM_CANDIDATES: dict[str, Callable[[type[Soft], SearchSpace, Explain], list[Candidate]]] = {
    "library": _library_candidates,
    "header": _header_candidates,
    "pkgconfig": _pkgconfig_candidates,
    "python-dist": _python_dist_candidates,
    "directory": _directory_candidates,
}


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

    ``soft_dirs=False`` leaves out the softs' own ``search_dirs`` and ``data_dirs`` and the
    other forms' standard dirs (an isolated search: only ``dirs`` and what lies under them).
    """
    explain = explain or Explain()
    all_dirs = list(dirs)
    env = dict(os.environ)
    data_dirs: list[tuple[str, str]] = []
    expanded: dict[str, list[str]] = {}
    for soft in softs if soft_dirs else ():
        for pattern in soft.search_dirs:
            all_dirs += [(d, f"{soft.name} search_dirs") for d in _expand(pattern, env)]
        for pattern in soft.data_dirs:
            if pattern not in expanded:
                expanded[pattern] = _expand(pattern, env)
            data_dirs += [(d, f"{soft.name} data_dirs") for d in expanded[pattern]]
    space = SearchSpace(all_dirs, explain, system=soft_dirs, environ=env, data_dirs=data_dirs)

    jobs: list[tuple[type[Soft], Candidate, _Job]] = []
    found: list[Found] = []
    warnings: list[str] = []
    # realpaths with a definitive answer (kept or rejected), never a failed probe's
    probed: dict[str, set[str]] = {s.name: set() for s in softs}
    pool = _Pool(workers or min(16, (os.cpu_count() or 2) * 4))
    try:
        for soft in softs:
            cands = candidates(soft, space, explain)
            if not cands:
                explain(f"{soft.name}: no candidates ({_patterns(soft)})")
            for cand in cands:
                try:
                    why = soft.skip_candidate(cand)
                except Exception as exc:  # noqa: BLE001 - a plugin's override may fail
                    warnings.append(f"{soft.name}: skip_candidate({cand.path}) failed: {exc}; "
                                    "skipped")
                    continue
                if why:
                    explain(f"{soft.name}: reject {cand.path}: {why}")
                    probed[soft.name].add(cand.realpath)
                    continue
                job = pool.submit(_bind(soft, cand, cache), soft.timeout)
                jobs.append((soft, cand, job))
        for soft, cand, job in jobs:
            item = _collect(soft, cand, pool, job, explain, warnings, probed)
            if item is not None:
                found.append(item)
                if progress:
                    progress(f"{soft.name} {item.version}")
    finally:
        pool.close()
    cache.save()
    return DetectResult(found=_merge(found, explain), probed=probed, explain=explain,
                        warnings=warnings)


def _collect(soft: type[Soft], cand: Candidate, pool: _Pool, job: _Job, explain: Explain,
             warnings: list[str], probed: dict[str, set[str]]) -> Found | None:
    """The finding of one probe job, or None; a definitive answer marks the realpath probed."""
    if not pool.wait(job):
        warnings.append(
            f"{soft.name}: probing {cand.path} did not finish within {soft.timeout:g}s; skipped"
        )
        explain(f"{soft.name}: reject {cand.path}: probe hung")
        return None
    if job.error is not None:
        warnings.append(f"{soft.name}: probing {cand.path} failed: {job.error}; skipped")
        explain(f"{soft.name}: reject {cand.path}: probe raised {job.error!r}")
        return None
    how, value = job.value
    if "reject" in value:
        explain(f"{soft.name}: reject {cand.path}: {value['reject']}")
        if how == "error":  # timed out or could not run: worth a warning, and no answer
            warnings.append(f"{soft.name}: {value['reject']}; skipped")
        else:
            probed[soft.name].add(cand.realpath)
        return None
    try:
        item = describe(soft, cand, value["ok"])
    except Exception as exc:  # noqa: BLE001 - a plugin's override may fail
        warnings.append(f"{soft.name}: describing {cand.path} failed: {exc}; skipped")
        return None
    explain(f"{soft.name}: keep {cand.path} -> {soft.name} {item.version} "
            f"at {item.prefix} ({how})")
    probed[soft.name].add(cand.realpath)
    return item


def _patterns(soft: type[Soft]) -> str:
    parts = [
        ("patterns", list(soft.executables)),
        ("pkgconfig", soft.names_of("pkgconfig")),
        ("headers", list(soft.headers)),
        ("libraries", list(soft.libraries)),
        ("python_dist", soft.names_of("python_dist")),
        ("markers", list(soft.markers)),
    ]
    shown = [f"{what}: {', '.join(values)}" for what, values in parts if values]
    return "; ".join(shown) or "patterns: -"


def _merge(found: list[Found], explain: Explain) -> list[Found]:
    """One installation per (soft, prefix, version, variant): the first candidate wins.

    The variant (``attrs["variant"]``, a probe's say) tells apart builds of one version
    sharing a prefix: python3.13 and the free-threaded python3.13t.

    Where a file form is involved (a soft that declares a header and a library, say),
    what the later ones found is added where the first has none: a kind of dirs (a
    header's include dir to a library's lib dir), attrs and env vars; and their tags.
    """
    out: dict[tuple[str, str, str, str], Found] = {}
    for f in found:
        key = (f.soft.name, f.prefix, f.version, str(f.attrs.get("variant") or ""))
        if key in out:
            first = out[key]
            explain(
                f"{f.soft.name}: {f.candidate.path} is the same installation as "
                f"{first.candidate.path} ({f.prefix}, {f.version})"
            )
            if "executable" not in (first.candidate.kind, f.candidate.kind) or (
                first.candidate.kind != f.candidate.kind
            ):
                _absorb(first, f)
            continue
        out[key] = f
    return list(out.values())


def _absorb(into: Found, other: Found) -> None:
    for key, dirs in other.paths.items():
        if dirs and not into.paths.get(key):
            into.paths[key] = list(dirs)
    for key, value in other.attrs.items():
        into.attrs.setdefault(key, value)
    for key, value in other.env.items():
        into.env.setdefault(key, value)
    into.tags += [t for t in other.tags if t not in into.tags]


def describe(soft: type[Soft], cand: Candidate, probed: dict[str, Any]) -> Found:
    """Turn a probe result into a Found: prefix, paths, commands, env and tags.

    An executable's attrs hold ``executable``, ``realpath`` and ``commands``; another
    kind's hold ``path`` (the file or dir found: what staleness checks) and ``realpath``,
    and it has no commands.
    """
    version = probed["version"]
    prefix = probed.get("prefix") or soft.determine_prefix(cand)
    paths = probed.get("paths") or soft.determine_paths(prefix, cand)
    paths = {k: list(v) for k, v in paths.items()}
    commands = soft.commands(cand)
    values: dict[str, Any] = {"prefix": prefix, "version": version, "path": cand.path}
    if cand.kind == "executable":
        attrs: dict[str, Any] = {
            "executable": cand.path, "realpath": cand.realpath, "commands": commands,
        }
        values.update(bindir=os.path.dirname(cand.path), executable=cand.path, cmd=commands)
    else:
        attrs = {"path": cand.path, "realpath": cand.realpath}
        for key, var in (("lib", "libdir"), ("include", "includedir")):
            if paths.get(key):
                values[var] = paths[key][0]
    attrs.update(probed.get("attrs") or {})
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

