"""The probe cache: results keyed by (soft, realpath, size, mtime) in
``<home>/cache/probes.json``, shared by concurrent runs; a soft's fingerprint changes with
its declaration, so stale results are not reused."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from typing import Any

from envmgr.detect.soft import Candidate, Soft


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
        from envmgr._atomic import write_json

        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with FileLock(self.path + ".lock", timeout=self.LOCK_TIMEOUT):
                merged = {**self._read(), **ours}
                live = {k: v for k, v in merged.items() if _current(k)}
                write_json(self.path, {"version": self.VERSION, "probes": live})
        except (OSError, Timeout):
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
