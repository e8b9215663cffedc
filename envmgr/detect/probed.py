"""What a probe returns (:class:`Probed`), how the engine checks it (:func:`check_probed`),
and the outcome of one probe as the probe cache keeps it (:class:`Outcome`).

A probe's result comes from a tool's output or a file's text, which may hold anything: a
version must match :data:`VERSION_GRAMMAR`, and no string may carry control characters
(terminal escapes, newlines, NUL), else the candidate is rejected with the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any, Literal, TypedDict, cast

__all__ = ["Probed", "Outcome", "check_probed", "check_version", "VERSION_GRAMMAR"]


class _ProbedVersion(TypedDict):
    version: str


class Probed(_ProbedVersion, total=False):
    """A probe's findings: ``version`` always, the rest where the probe knows better than
    the host's defaults."""

    attrs: dict[str, Any]
    """Facts (a target triple, a Python ABI ...); JSON values."""
    prefix: str
    """The installation prefix, where the default (derived from the path) is wrong."""
    env: dict[str, str]
    """Extra ``env`` templates of this installation."""
    tags: list[str]
    """Extra tags."""
    paths: dict[str, list[str]]
    """``bin``/``lib``/``include``/... dirs, where the defaults are wrong."""


# A version as tools print them: 1.1.1w, 2.6.32-5, 17.0.15+6, 1.8.0_392, 3.12.0rc1,
# 2024.06, 1.0~beta, 25.0.3+9-LTS. No spaces, quotes, slashes or shell metacharacters.
VERSION_GRAMMAR = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_~-]{0,63}")
_TAG = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_~-]{0,63}")
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_MAX_DEPTH = 8
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _control(text: str) -> str | None:
    """The first control, format or unassigned character of ``text``, or None."""
    if text.isascii():
        m = _ASCII_CONTROL.search(text)
        return m.group() if m else None
    return next((c for c in text if unicodedata.category(c) in _BAD_CATEGORIES), None)


def _reject(why: str) -> Exception:
    from envmgr.detect.soft import Reject

    return Reject(why)


def check_version(version: object) -> str:
    """``version`` if it is a version; else :class:`~envmgr.detect.soft.Reject`."""
    if not isinstance(version, str):
        raise TypeError(f"probe returned a version {version!r:.80}, not a string")
    if not VERSION_GRAMMAR.fullmatch(version):
        raise _reject(f"the probe's version {version!r:.80} is not a version "
                      "(letters, digits and . + _ ~ - only, at most 64)")
    return version


def _check_text(what: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"probe returned {what} {value!r:.80}, not a string")
    bad = _control(value)
    if bad is not None:
        raise _reject(f"the probe's {what} {value!r:.80} holds a control character {bad!r}")
    return value


def _check_json(what: str, value: object, depth: int = 0) -> None:
    if depth > _MAX_DEPTH:
        raise TypeError(f"probe returned {what} nested too deep")
    if isinstance(value, str):
        _check_text(what, value)
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_text(f"{what} key", k)
            _check_json(f"{what}[{k!r}]", v, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_json(what, v, depth + 1)
    elif value is not None and not isinstance(value, (bool, int, float)):
        raise TypeError(f"probe returned {what} {value!r:.80}, not a JSON value")


def check_probed(result: object) -> Probed:
    """``result`` as a :class:`Probed`, checked: TypeError where a plugin returned the
    wrong shape (a bug), Reject where the values read are not trustworthy."""
    if not isinstance(result, dict) or "version" not in result:
        raise TypeError(f"probe returned {result!r:.80}, not a dict with a 'version' string")
    unknown = set(result) - set(Probed.__annotations__) - {"version"}
    if unknown:
        raise TypeError(f"probe returned unknown keys {sorted(unknown)}")
    check_version(result["version"])
    for key in ("attrs", "env", "paths"):
        if result.get(key) is not None and not isinstance(result[key], dict):
            raise TypeError(f"probe returned {key} {result[key]!r:.80}, not a dict")
    if result.get("tags") is not None and not isinstance(result["tags"], (list, tuple)):
        raise TypeError(f"probe returned tags {result['tags']!r:.80}, not a list")
    _check_json("attrs", result.get("attrs"))
    if result.get("prefix"):
        _check_text("prefix", result["prefix"])
    for var, template in (result.get("env") or {}).items():
        _check_text("env var", var)
        _check_text(f"env {var}", template)
    for kind, dirs in (result.get("paths") or {}).items():
        _check_text("paths key", kind)
        if not isinstance(dirs, (list, tuple)):
            raise TypeError(f"probe returned paths[{kind!r}] {dirs!r:.80}, not a list")
        for d in dirs:
            _check_text(f"{kind} dir", d)
    for tag in result.get("tags") or ():
        _check_text("tag", tag)
        if not _TAG.fullmatch(tag):
            raise _reject(f"the probe's tag {tag!r:.80} is not a tag")
    return cast(Probed, result)


Kind = Literal["ok", "reject", "timeout", "error"]


@dataclass(frozen=True)
class Outcome:
    """One probe's outcome: ``ok`` (with what it found), ``reject`` (not an installation:
    a definitive answer), ``timeout`` (no answer; remembered until ``--refresh``) or
    ``error`` (it could not run; never cached)."""

    kind: Kind
    reason: str = ""
    probed: Probed | None = None
    seconds: float = 0.0
    """How long the probe took (the slow ones start first next time)."""

    def timed(self, seconds: float) -> Outcome:
        return replace(self, seconds=seconds)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = (
            {"ok": self.probed} if self.kind == "ok" else {self.kind: self.reason})
        out["s"] = round(self.seconds, 4)
        return out

    @classmethod
    def from_json(cls, raw: object) -> Outcome | None:
        """The cached outcome, or None for anything malformed (probed again)."""
        if not isinstance(raw, dict):
            return None
        seconds = raw.get("s", 0.0)
        seconds = float(seconds) if isinstance(seconds, (int, float)) else 0.0
        if "ok" in raw:
            # checked in full before it was saved (the key holds envmgr's version): only
            # the shape here, a damaged file is probed again
            ok = raw["ok"]
            if not (isinstance(ok, dict) and isinstance(ok.get("version"), str)
                    and VERSION_GRAMMAR.fullmatch(ok["version"])):
                return None
            return cls("ok", probed=cast(Probed, ok), seconds=seconds)
        kinds: tuple[Kind, ...] = ("reject", "timeout")
        for kind in kinds:
            if isinstance(raw.get(kind), str):
                return cls(kind, reason=raw[kind], seconds=seconds)
        return None
