"""Collectors that registration hooks fill: ``frontends.add(name, obj)`` and the like.

A registration hook gets a collector and returns nothing (tox's ``ToxEnvRegister``), so
the collector can grow without touching the hook. When two plugins add the same name, the
one of the later origin wins (builtin < entry point < user, as for softs), whatever order
the implementations ran in: the host tells the collector which plugin is calling.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["Collector", "Frontends", "Exporters", "calling"]

_local = threading.local()
_NOBODY = ("", (-1, 0))


@contextlib.contextmanager
def calling(plugin: str, rank: tuple[int, int]) -> Iterator[None]:
    """Attribute what is added to collectors in this thread to ``plugin`` (host use)."""
    saved = getattr(_local, "who", _NOBODY)
    _local.who = (plugin, rank)
    try:
        yield
    finally:
        _local.who = saved


class Collector:
    """Named objects added by plugins; the later origin wins a name."""

    kind = "item"

    def __init__(self) -> None:
        self._items: dict[str, tuple[Any, str, tuple[int, int]]] = {}
        self.replaced: list[tuple[str, str, str]] = []
        """(name, plugin that gave way, plugin that won), for ``plugin list`` and tests."""

    def add(self, name: str, obj: Any) -> None:
        """Add ``obj`` as ``name``; a plugin of a later origin may replace it."""
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"a {self.kind} needs a non-empty name, not {name!r}")
        plugin, rank = getattr(_local, "who", _NOBODY)
        old = self._items.get(name)
        if old is not None and old[2] > rank:
            self.replaced.append((name, plugin, old[1]))
            return
        if old is not None and old[1] != plugin:
            self.replaced.append((name, old[1], plugin))
        self._items[name] = (obj, plugin, rank)

    def get(self, name: str) -> Any:
        """The object added as ``name``, or None."""
        item = self._items.get(name)
        return item[0] if item else None

    def owner(self, name: str) -> str | None:
        """The plugin whose ``name`` won, or None."""
        item = self._items.get(name)
        return item[1] if item else None

    def names(self) -> list[str]:
        return sorted(self._items)

    def items(self) -> list[tuple[str, Any]]:
        return [(n, self._items[n][0]) for n in self.names()]

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.names()})"


class Frontends(Collector):
    """What ``envmgr_register_frontends`` fills: installer back-ends by name."""

    kind = "front-end"


class Exporters(Collector):
    """What ``envmgr_register_exporters`` fills: lock/export formats by name."""

    kind = "exporter"
