"""The environment entry: one recorded, resolved installation (see docs/json-formats.md)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

__all__ = ["Entry", "make_uid", "now_iso"]


def make_uid(soft: str, *identity: str) -> str:
    """A stable id: the same soft and identity (prefix, version ...) give the same uid."""
    digest = hashlib.sha256("\0".join((soft, *identity)).encode()).hexdigest()
    return f"{soft}-{digest[:12]}"


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class Entry:
    uid: str
    soft: str
    category: str
    version: str
    tags: list[str]
    source: str = "detected"
    prefix: str = ""
    paths: dict[str, list[str]] = field(default_factory=lambda: {"bin": [], "lib": [], "include": []})
    env: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)
    deps: list[str] = field(default_factory=list)
    recipe: str | None = None
    created: str = ""
    updated: str = ""
    stale: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    @property
    def executable(self) -> str | None:
        exe = self.attrs.get("executable")
        return exe if isinstance(exe, str) else None

    @property
    def commands(self) -> dict[str, str]:
        cmds = self.attrs.get("commands")
        return dict(cmds) if isinstance(cmds, dict) else {}

    def label(self) -> str:
        """``llvm 16.0.6 (/usr/lib/llvm-16)``: how messages name an entry."""
        return f"{self.soft} {self.version} ({self.prefix or self.executable or self.uid})"
