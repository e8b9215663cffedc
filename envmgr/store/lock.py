"""Lock files: a set of entries, their closure and the host, written down as TOML.

A lock is what ``envmgr lock`` writes and ``envmgr restore`` reads back (see
docs/reproduce.md). It is data only: this module builds the document from entries, writes
it (a small TOML emitter of our own: tomllib only reads), reads it back with every field
checked, and compares a lock with another lock or with entries. Detecting and installing
what a lock names is :mod:`envmgr.install.restore`'s work.

The same entries and host give the same bytes: keys are sorted, entries are ordered by
uid, and nothing depends on the time (no ``generated`` stamp, no ``created``/``updated``).
A document that ends early or whose dependency closure is broken is refused as truncated;
a checksum that is not ``ALGO:HEX`` of the right length is refused before anything runs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

from envmgr.errors import UsageError
from envmgr.store.entry import Entry

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["LOCK_VERSION", "LockError", "Lock", "LockedEntry", "build_lock", "dumps",
           "to_toml", "loads", "load", "diff", "host_facts", "lock_of_entries",
           "VOLATILE_ATTRS"]

LOCK_VERSION = 1

#: attrs that say when or how an entry was checked here, not what it is: never locked
VOLATILE_ATTRS = ("verified", "upstream")

_HEADER = ("# envmgr lock file: written by 'envmgr lock', read by 'envmgr restore' and\n"
           "# 'envmgr diff'. Keys are sorted and nothing depends on the time, so that the\n"
           "# same entries give the same bytes.\n")


class LockError(UsageError):
    """A lock file that cannot be used: unreadable, not TOML, truncated, or a bad field."""


# ---------------------------------------------------------------- the TOML emitter

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for c in text:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        elif 0xD800 <= ord(c) <= 0xDFFF:
            # a lone surrogate (a file name that was not UTF-8): TOML cannot hold it
            raise ValueError(f"{text!r} holds bytes that are not UTF-8")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _key(key: str) -> str:
    return key if _BARE.match(key) else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value if v is not None) + "]"
    if isinstance(value, Mapping):
        items = [f"{_key(str(k))} = {_value(v)}" for k, v in sorted(value.items())
                 if v is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    raise ValueError(f"a {type(value).__name__} cannot be written to TOML")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and all(
        isinstance(v, Mapping) for v in value)


def _table(path: list[str], table: Mapping[str, Any], out: list[str]) -> None:
    """Emit ``table``'s plain keys, then its sub-tables and arrays of tables (sorted)."""
    keys = sorted(str(k) for k in table)
    for k in keys:
        v = table[k]
        if v is None or (isinstance(v, Mapping) and v) or _is_table_array(v):
            continue
        out.append(f"{_key(k)} = {_value(v)}")
    for k in keys:
        v = table[k]
        sub = [*path, _key(k)]
        if isinstance(v, Mapping) and v:
            plain = any(not (x is None or (isinstance(x, Mapping) and x) or _is_table_array(x))
                        for x in v.values())
            if plain:  # a table of tables only needs no header of its own
                out.append("")
                out.append(f"[{'.'.join(sub)}]")
            _table(sub, v, out)
        elif _is_table_array(v):
            for item in v:
                out.append("")
                out.append(f"[[{'.'.join(sub)}]]")
                _table(sub, item, out)


def to_toml(document: Mapping[str, Any], header: str = "") -> str:
    """``document`` as TOML: sorted keys, ``None`` left out, tables after plain keys.

    Strings are basic strings escaped per TOML 1.0; a dict inside an array is an inline
    table; an array of dicts in a table is an array of tables. Raises ValueError for what
    TOML cannot hold (a lone surrogate, an object that is no TOML type)."""
    out: list[str] = []
    _table([], document, out)
    return header + "\n".join(out).lstrip("\n") + "\n"


# ---------------------------------------------------------------- building a lock


def host_facts(info: Mapping[str, Any]) -> dict[str, Any]:
    """The facts of ``platform_info()`` that decide whether a lock fits a machine."""
    distro = info.get("distro") or {}
    libc = info.get("libc") or {}
    gpus = []
    for g in info.get("gpus") or []:
        gpus.append({k: g[k] for k in ("vendor", "name", "driver_version", "compute_capability")
                     if g.get(k) not in (None, "")})
    return {
        "os": str(info.get("os", "")), "arch": str(info.get("arch", "")),
        "distro": str(distro.get("id", "")), "distro_version": str(distro.get("version", "")),
        "libc": str(libc.get("name", "")), "libc_version": str(libc.get("version", "")),
        "gpus": gpus,
    }


def _plain(value: Any) -> Any:
    """A JSON value with None dropped (TOML has no null) and keys as strings."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value if v is not None]
    return value


def _entry_table(e: Entry, selected: bool) -> dict[str, Any]:
    attrs = {k: v for k, v in e.attrs.items() if k not in VOLATILE_ATTRS and k != "install"}
    table: dict[str, Any] = {
        "soft": e.soft, "version": e.version, "source": e.source, "category": e.category,
        "prefix": e.prefix, "tags": list(e.tags), "deps": sorted(e.deps),
        "selected": selected, "paths": {k: v for k, v in e.paths.items() if v},
        "env": dict(e.env), "attrs": _plain(attrs),
    }
    upstream = e.attrs.get("upstream")
    if isinstance(upstream, str) and upstream:
        table["upstream"] = upstream
    if e.source == "installed":
        raw = e.attrs.get("install")
        install: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        name, _, version = (e.recipe or "").partition("@")
        sources = []
        for s in install.get("sources") or []:
            if isinstance(s, Mapping) and s.get("url"):
                sources.append(_plain({"url": s.get("url"), "checksum": s.get("checksum"),
                                       "size": s.get("size")}))
        # what the download saw, when the recipe published no checksum
        for i, f in enumerate(e.attrs.get("fetched") or []):
            if isinstance(f, Mapping) and i < len(sources) and "checksum" not in sources[i] \
                    and isinstance(f.get("sha256"), str):
                sources[i]["checksum"] = "sha256:" + f["sha256"]
        table["installed"] = _plain({
            "recipe": name, "recipe_version": version, "frontend": install.get("frontend"),
            "hash": install.get("hash"), "variants": dict(install.get("variants") or {}),
            "role": e.attrs.get("role"), "part_of": e.attrs.get("part_of"),
        })
        if sources:
            table["installed"]["sources"] = sources
    else:
        anchor = "executable" if e.executable else ("path" if e.attrs.get("path") else "prefix")
        table["detected"] = {"by": anchor, "at": e.anchor or e.prefix}
    return table


def build_lock(selection: Sequence[tuple[Sequence[str], Entry]], closure: Iterable[Entry],
               host: Mapping[str, Any]) -> dict[str, Any]:
    """The lock document of ``selection`` (each tag group and the entry it chose), the
    whole dependency ``closure`` (selected entries included) and ``host`` facts."""
    chosen = {e.uid for _, e in selection}
    entries = {e.uid: _entry_table(e, e.uid in chosen) for e in closure}
    for _, e in selection:
        entries.setdefault(e.uid, _entry_table(e, True))
    return {
        "lock_version": LOCK_VERSION,
        "entry_count": len(entries),
        "host": dict(host),
        # a set of groups: the order they were given in does not change the bytes
        "selection": sorted(({"tags": list(tags), "entry": e.uid} for tags, e in selection),
                            key=lambda s: (s["entry"], s["tags"])),
        "entry": entries,
    }


def dumps(document: Mapping[str, Any]) -> str:
    """The lock file text of a document made by :func:`build_lock`."""
    try:
        return to_toml(document, _HEADER)
    except ValueError as exc:
        raise LockError(f"cannot write the lock: {exc}",
                        "leave that entry out with narrower --tags") from None


# ---------------------------------------------------------------- reading a lock

_CHECKSUM = re.compile(r"^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}|md5:[0-9a-f]{32})$")


class LockedEntry:
    """One entry of a lock, checked: what it was on the machine that wrote the lock."""

    def __init__(self, uid: str, table: Mapping[str, Any]) -> None:
        self.uid = uid
        self.soft: str = table["soft"]
        self.version: str = table["version"]
        self.source: str = table["source"]
        self.category: str = table.get("category", "")
        self.prefix: str = table.get("prefix", "")
        self.tags: list[str] = list(table.get("tags", []))
        self.deps: list[str] = list(table.get("deps", []))
        self.selected: bool = bool(table.get("selected", False))
        self.attrs: dict[str, Any] = dict(table.get("attrs", {}))
        self.upstream: str = table.get("upstream", "")
        self.installed: dict[str, Any] = dict(table.get("installed", {}))
        self.detected: dict[str, Any] = dict(table.get("detected", {}))

    @property
    def anchor(self) -> str:
        return str(self.detected.get("at") or self.prefix)

    @property
    def role(self) -> str:
        """``companion`` or ``part`` for the inner entries of an install, else ''."""
        return str(self.installed.get("role", ""))

    def label(self) -> str:
        return f"{self.soft} {self.version}"

    def sources(self) -> list[dict[str, Any]]:
        return [dict(s) for s in self.installed.get("sources", [])]


class Lock:
    """A lock file read back: host facts, the selection and every entry by uid."""

    def __init__(self, path: str, host: dict[str, Any], selection: list[dict[str, Any]],
                 entries: dict[str, LockedEntry]) -> None:
        self.path = path
        self.host = host
        self.selection = selection
        self.entries = entries


def _type(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> None:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise LockError(f"{where} is not {what}")


def loads(text: str, path: str = "the lock") -> Lock:
    """Parse and check a lock file's text; every problem is a LockError naming the field."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,unused-ignore]
    fix = "write it again with 'envmgr lock', or restore the file from version control"
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = " ".join(str(exc).split())
        raise LockError(f"{path} is not valid TOML ({reason}); is it truncated?", fix) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise LockError(f"{path} cannot be parsed: {type(exc).__name__}", fix) from None
    try:
        return _checked(doc, path)
    except LockError as exc:
        if not exc.suggestion:
            exc.suggestion = fix
        raise


def _checked(doc: dict[str, Any], path: str) -> Lock:
    version = doc.get("lock_version")
    if version is None:
        raise LockError(f"{path} is not an envmgr lock file (no lock_version)")
    _type(version, int, f"{path}: lock_version", "a number")
    if version > LOCK_VERSION:
        raise LockError(f"{path} has lock_version {version}, newer than this envmgr reads "
                        f"({LOCK_VERSION})", "upgrade envmgr")
    if version < 1:
        raise LockError(f"{path}: lock_version {version} is not a lock version")
    count = doc.get("entry_count")
    _type(count, int, f"{path}: entry_count", "a number")
    host = doc.get("host", {})
    _type(host, dict, f"{path}: [host]", "a table")
    raw = doc.get("entry", {})
    _type(raw, dict, f"{path}: [entry]", "a table")
    if len(raw) != count:
        raise LockError(f"{path} says it holds {count} entries but has {len(raw)}: it was "
                        "truncated or entries were removed by hand")
    entries: dict[str, LockedEntry] = {}
    for uid, table in sorted(raw.items()):
        where = f"{path}: entry {uid}"
        _type(table, dict, where, "a table")
        for key in ("soft", "version", "source"):
            if key not in table:
                raise LockError(f"{where} has no '{key}': the file was truncated or edited")
            _type(table[key], str, f"{where}: {key}", "a string")
            if not table[key].strip():
                raise LockError(f"{where}: {key} is empty")
        for key in ("tags", "deps"):
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise LockError(f"{where}: {key} is not a list of strings")
        for key in ("attrs", "installed", "detected", "paths", "env"):
            _type(table.get(key, {}), dict, f"{where}: {key}", "a table")
        for key in ("category", "prefix", "upstream"):
            _type(table.get(key, ""), str, f"{where}: {key}", "a string")
        _type(table.get("selected", False), bool, f"{where}: selected", "true or false")
        for key, value in table.get("paths", {}).items():
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise LockError(f"{where}: paths.{key} is not a list of strings")
        for key, value in table.get("env", {}).items():
            _type(value, str, f"{where}: env.{key}", "a string")
        for key in ("by", "at"):
            _type(table.get("detected", {}).get(key, ""), str, f"{where}: detected.{key}",
                  "a string")
        if table["source"] == "installed":
            _check_installed(where, table.get("installed", {}))
        entries[uid] = LockedEntry(uid, table)
    for e in entries.values():
        for dep in e.deps:
            if dep not in entries:
                raise LockError(f"{path}: entry {e.uid} depends on {dep}, which the lock does "
                                "not hold: it was truncated or edited")
    cycle = _cycle(entries)
    if cycle:
        raise LockError(f"{path}: entry {cycle[0]}: deps form a cycle "
                        f"({' -> '.join(cycle)}): it was edited")
    selection = doc.get("selection", [])
    if not isinstance(selection, list):
        raise LockError(f"{path}: selection is not an array of tables")
    for i, sel in enumerate(selection, 1):
        if not isinstance(sel, dict) or not isinstance(sel.get("entry"), str):
            raise LockError(f"{path}: selection {i} names no entry")
        if sel["entry"] not in entries:
            raise LockError(f"{path}: selection {i} names {sel['entry']}, which the lock does "
                            "not hold: it was truncated or edited")
    return Lock(path, host, selection, entries)


def _cycle(entries: Mapping[str, LockedEntry]) -> list[str]:
    """A dependency cycle among ``entries`` (its uids, the first repeated last), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(entries):
        if state.get(start):
            continue
        path = [start]
        todo = [iter(sorted(entries[start].deps))]
        state[start] = 1
        while todo:
            dep = next(todo[-1], None)
            if dep is None:
                state[path.pop()] = 2
                todo.pop()
            elif state.get(dep) == 1:
                return path[path.index(dep):] + [dep]
            elif not state.get(dep):
                state[dep] = 1
                path.append(dep)
                todo.append(iter(sorted(entries[dep].deps)))
    return []


def _check_installed(where: str, inst: dict[str, Any]) -> None:
    for key in ("recipe", "recipe_version", "frontend", "hash", "role", "part_of"):
        if key in inst:
            _type(inst[key], str, f"{where}: installed.{key}", "a string")
    if inst.get("role"):
        return  # an inner entry comes back with the install it is part of
    for key in ("recipe", "recipe_version"):
        if not isinstance(inst.get(key), str) or not inst[key].strip():
            raise LockError(f"{where}: installed.{key} is missing or empty")
    variants = inst.get("variants", {})
    if not isinstance(variants, dict) or not all(isinstance(v, str) for v in variants.values()):
        raise LockError(f"{where}: installed.variants is not a table of strings")
    sources = inst.get("sources", [])
    if not isinstance(sources, list):
        raise LockError(f"{where}: installed.sources is not an array of tables")
    for i, src in enumerate(sources, 1):
        if not isinstance(src, dict) or not isinstance(src.get("url"), str):
            raise LockError(f"{where}: source {i} has no url")
        checksum = src.get("checksum")
        if checksum is None:
            continue
        if not isinstance(checksum, str) or not _CHECKSUM.match(checksum):
            raise LockError(f"{where}: source {src['url']} has checksum {checksum!r:.90}, "
                            "which is not sha256:, sha512: or md5: and the hex digest of "
                            "its length; nothing was installed")


def load(path: str) -> Lock:
    """Read and check the lock file at ``path``."""
    import os
    import stat

    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise LockError(f"the lock file {path} is not a regular file")
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as exc:
        raise LockError(f"cannot read the lock file {path}: {exc.strerror or exc}",
                        "write one with 'envmgr lock --tags=...'") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LockError(f"the lock file {path} is not UTF-8 text") from None
    return loads(text, path)


# ---------------------------------------------------------------- comparing


def _pairs(a: Sequence[LockedEntry], b: Sequence[LockedEntry]
           ) -> tuple[list[tuple[LockedEntry, LockedEntry]], list[LockedEntry],
                      list[LockedEntry]]:
    """Pair entries of one soft: same version and prefix, then same version, then by
    order (a changed version). Returns the pairs and what is left on each side."""
    left, right = list(a), list(b)
    pairs: list[tuple[LockedEntry, LockedEntry]] = []
    for same in (lambda x, y: x.version == y.version and x.prefix == y.prefix,
                 lambda x, y: x.version == y.version,
                 lambda x, y: True):
        for x in list(left):
            match = next((y for y in right if same(x, y)), None)
            if match is not None:
                pairs.append((x, match))
                left.remove(x)
                right.remove(match)
    return pairs, left, right


def diff(a: Lock, b: Lock, names: tuple[str, str] = ("there", "here")) -> list[str]:
    """One line per difference between two locks (host facts, then entries by soft);
    an empty list when they match."""
    there, here = names
    lines: list[str] = []
    for key in sorted(set(a.host) | set(b.host)):
        x, y = a.host.get(key), b.host.get(key)
        if x != y:
            lines.append(f"host {key}: {_fact(x)} {there}, {_fact(y)} {here}")
    softs = sorted({e.soft for e in a.entries.values()} | {e.soft for e in b.entries.values()})
    for soft in softs:
        xs = sorted((e for e in a.entries.values() if e.soft == soft), key=lambda e: e.uid)
        ys = sorted((e for e in b.entries.values() if e.soft == soft), key=lambda e: e.uid)
        pairs, only_a, only_b = _pairs(xs, ys)
        for x, y in pairs:
            if x.version != y.version:
                lines.append(f"~ {soft}: {x.version} {there} ({x.prefix}), {y.version} {here} "
                             f"({y.prefix})")
            elif x.source != y.source:
                lines.append(f"~ {soft} {x.version}: {x.source} {there}, {y.source} {here}")
            elif x.source == "installed" and x.sources() != y.sources():
                lines.append(f"~ {soft} {x.version}: other sources or checksums {here}")
        for x in only_a:
            lines.append(f"- {x.label()} ({x.source} {there}, {x.prefix}): not {here}")
        for y in only_b:
            lines.append(f"+ {y.label()} ({y.source} {here}, {y.prefix}): not {there}")
    return lines


def _fact(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_fact(v) for v in value) + "]" if value else "none"
    if isinstance(value, dict):
        return " ".join(str(value[k]) for k in sorted(value))
    return repr(value) if value not in ("", None) else "none"


def lock_of_entries(entries: Iterable[Entry], host: Mapping[str, Any], path: str) -> Lock:
    """A Lock of recorded entries, unchecked (to compare a lock file with a home)."""
    doc = build_lock([], list(entries), host)
    locked = {uid: LockedEntry(uid, _plain(t)) for uid, t in doc["entry"].items()}
    return Lock(path, dict(host), [], locked)
