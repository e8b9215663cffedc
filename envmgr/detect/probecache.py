"""The probe cache: outcomes keyed by (soft fingerprint, realpath, size, mtime) in
``<home>/cache/probes.json``, shared by concurrent runs.

A soft's fingerprint covers what decides its probe: the source of every module in its
class hierarchy (a changed parent class invalidates its children), the declaration's
data (the class attributes that drive probing) and envmgr's version. A timeout is
remembered as well as an answer (40 hanging tools cost their timeouts once, not on every
run); ``detect --refresh`` probes everything again.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from typing import Any

from envmgr.detect.probed import Outcome
from envmgr.detect.soft import Candidate, Soft

__all__ = ["ProbeCache", "fingerprint"]


class ProbeCache:
    """Probe outcomes keyed by (soft fingerprint, realpath, size, mtime).

    Probe threads ``put`` while the engine reads, so the dict is guarded by a lock.
    :meth:`save` merges with what other processes saved meanwhile (under a file lock),
    drops the outcomes of files that changed or vanished, and never fails a detection.
    """

    VERSION = 2
    LOCK_TIMEOUT = 10.0

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.data: dict[str, Any] = self._read() if path else {}
        self.dirty = False
        self._costs: dict[str, float] | None = None

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
        key = f"{soft.name}\0{fingerprint(soft)}\0{cand.realpath}\0{stamp}"
        if cand.kind == "directory" and soft.version_file:
            version_file = os.path.join(cand.realpath, soft.version_file)
            key += f"\0{version_file}\0{_stamp(version_file)}"
        elif cand.kind == "executable" and soft.release_files:
            # a new jar under an unchanged launcher is a new answer
            for path in soft.release_paths(cand):
                key += f"\0{path}\0{_stamp(os.path.realpath(path))}"
        return key

    def get(self, key: str | None) -> Outcome | None:
        """The cached outcome of ``key``; None if there is none or it is malformed."""
        if not key:
            return None
        with self._lock:
            raw = self.data.get(key)
        return None if raw is None else Outcome.from_json(raw)

    def put(self, key: str | None, outcome: Outcome) -> None:
        """Remember ``outcome``; an ``error`` (the tool could not run) is never kept."""
        if key and outcome.kind != "error":
            with self._lock:
                self.data[key] = outcome.to_json()
                self.dirty = True

    @staticmethod
    def dir_key(what: str, path: str) -> str | None:
        """A key for something learnt from dir ``path``'s files that holds while the dir's
        entries do (its stat); None if it cannot be stat'ed."""
        stamp = _stamp(path)
        return None if stamp is None else f"{what}\0-\0{path}\0{stamp}"

    def recall(self, key: str | None) -> Any:
        """What :meth:`remember` kept under ``key`` (None if nothing)."""
        if not key:
            return None
        with self._lock:
            raw = self.data.get(key)
        return raw.get("value") if isinstance(raw, dict) else None

    def remember(self, key: str | None, value: Any) -> None:
        """Keep a JSON value under ``key`` (a :meth:`dir_key`) until the dir changes."""
        if key:
            with self._lock:
                self.data[key] = {"value": value}
                self.dirty = True

    def cost(self, soft: type[Soft]) -> float:
        """The longest a probe of ``soft`` took before (0 if unknown): the slow ones start
        first, so that they do not finish last."""
        if self._costs is None:
            costs: dict[str, float] = {}
            with self._lock:
                items = list(self.data.items())
            for key, raw in items:
                seconds = raw.get("s") if isinstance(raw, dict) else None
                if isinstance(seconds, (int, float)):
                    name = key.split("\0", 1)[0]
                    costs[name] = max(costs.get(name, 0.0), float(seconds))
            self._costs = costs
        return self._costs.get(soft.name, 0.0)

    def save(self) -> None:
        """Merge this run's outcomes into the file (ours win); an error only loses them."""
        if not (self.path and self.dirty):
            return
        from filelock import FileLock, Timeout

        with self._lock:
            ours = dict(self.data)
            self.dirty = False
        from envmgr._atomic import save_cache_json

        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with FileLock(self.path + ".lock", timeout=self.LOCK_TIMEOUT):
                merged = {**self._read(), **ours}
                live = {k: v for k, v in merged.items() if _current(k)}
                save_cache_json(self.path, {"version": self.VERSION, "probes": live})
        except (OSError, Timeout):  # a read-only home: the lock cannot be made either
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


# The class attributes that decide what a probe finds. What only shapes an entry after
# the probe (env, companions, tags, lib_dirs) is applied afresh on every run.
_PROBE_DATA = (
    "name", "executables", "version_args", "version_regex", "attrs_regex", "probe_env",
    "timeout", "libraries", "headers", "version_macros", "pkgconfig", "python_dist",
    "markers", "version", "version_file", "release_files",
)

_fingerprints: dict[type, str] = {}
_sources: dict[str, str] = {}
_fp_lock = threading.Lock()


def fingerprint(soft: type[Soft]) -> str:
    """Changes when anything that decides the soft's probe changes: the source of any
    module of its class hierarchy, its probing data, envmgr's version."""
    fp = _fingerprints.get(soft)
    if fp is None:
        from envmgr import __version__

        parts = [f"envmgr {__version__}", soft.__qualname__]
        for cls in soft.__mro__[:-1]:  # object is the last
            parts += [f"{cls.__module__}.{cls.__qualname__}", _source_digest(cls)]
        parts += [repr(getattr(soft, attr, None)) for attr in _PROBE_DATA]
        fp = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]
        with _fp_lock:
            _fingerprints[soft] = fp
    return fp


def _source_digest(cls: type) -> str:
    """A digest of the file that defines ``cls`` (its content: a stat can miss an edit
    within one mtime tick); the module name where there is no file."""
    import sys

    module = sys.modules.get(cls.__module__)
    path = getattr(module, "__file__", None) or ""
    if not path:
        return f"no file: {cls.__module__}"
    digest = _sources.get(path)
    if digest is None:
        try:
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
        except OSError:
            digest = f"unreadable: {path}"
        with _fp_lock:
            _sources[path] = digest
    return digest
