"""The entries of this home and of its read-only upstream homes, read as one registry.

A site home (``upstreams = ["/shared/envmgr"]`` in config.toml) is opened with
``Registry(path, readonly=True)``: never written, read without a write lock, on a read-only
or NFS mount too. An upstream entry comes back with ``attrs["upstream"]`` naming its home;
an entry of this home wins over an upstream one with the same uid.
"""

from __future__ import annotations

from collections.abc import Sequence

from envmgr.store.entry import Entry
from envmgr.store.registry import Registry

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["RegistryView"]


def _mark(entries: list[Entry], home: str) -> list[Entry]:
    for e in entries:
        e.attrs["upstream"] = home  # in memory only: upstream rows are never written
    return entries


class RegistryView:
    """The reading half of :class:`Registry` over this home and its upstreams."""

    def __init__(self, local: Registry, upstreams: Sequence[tuple[str, Registry]]) -> None:
        self.local = local
        self.upstreams = list(upstreams)
        self.path = local.path

    def find(self, tags: Sequence[str] = (), soft: str | None = None,
             include_stale: bool = True, softs: Sequence[str] | None = None,
             warn_bad: bool = True) -> list[Entry]:
        out = self.local.find(tags, soft, include_stale, softs, warn_bad)
        seen = {e.uid for e in out}
        for home, reg in self.upstreams:
            for e in _mark(reg.find(tags, soft, include_stale, softs, warn_bad), home):
                if e.uid not in seen:
                    seen.add(e.uid)
                    out.append(e)
        out.sort(key=lambda e: (e.soft, e.uid))
        return out

    def get(self, uid: str, skip_unreadable: bool = False) -> Entry | None:
        entry = self.local.get(uid, skip_unreadable)
        for home, reg in self.upstreams:
            if entry is not None:
                break
            entry = reg.get(uid, skip_unreadable)
            if entry is not None:
                _mark([entry], home)
        return entry

    def find_uid_prefix(self, prefix: str) -> list[Entry]:
        out = self.local.find_uid_prefix(prefix)
        seen = {e.uid for e in out}
        for home, reg in self.upstreams:
            out += [e for e in _mark(reg.find_uid_prefix(prefix), home) if e.uid not in seen]
            seen = {e.uid for e in out}
        return out

    def count(self) -> int:
        return self.local.count() + sum(reg.count() for _, reg in self.upstreams)

    def all_tags(self) -> list[str]:
        tags = set(self.local.all_tags())
        for _, reg in self.upstreams:
            tags |= set(reg.all_tags())
        return sorted(tags)

    def __getattr__(self, name: str) -> Any:
        # writing goes to this home only
        return getattr(self.local, name)
