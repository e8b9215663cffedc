"""Selecting entries: tags (AND), a version spec, newest first, ambiguity explained."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from envmgr.errors import NotFoundError, UsageError
from envmgr.store.entry import Entry
from envmgr.store.registry import Registry
from envmgr.versions import Version, VersionSpec, parse_spec

__all__ = ["parse_tags", "find", "select", "Selection"]


def parse_tags(value: str | Iterable[str] | None, what: str = "--tags") -> list[str]:
    """``"llvm,v16"`` or ``["llvm", "v16"]`` → ``["llvm", "v16"]`` (lowercased, in order,
    each once); None → ``[]`` (no filter).

    An empty or blank tag anywhere (``""``, ``" "``, ``","``, ``"llvm,"``) is a UsageError:
    blank input must never turn into "no filter", which would select every entry.
    ``what`` names the argument in the message (``--tags``, ``tags``).
    """
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, (bytes, bytearray, Mapping)) or not isinstance(value, Iterable):
        raise UsageError(
            f"{what} must be a string or a list of strings, not {type(value).__name__}",
            "for example 'python,v3.11' or ['python', 'v3.11']",
        )
    else:
        parts = list(value)
        odd = [p for p in parts if not isinstance(p, str)]
        if odd:
            raise UsageError(
                f"{what} must hold strings, not {type(odd[0]).__name__} ({odd[0]!r})",
                "for example ['python', 'v3.11']",
            )
        items = [t for p in parts for t in p.split(",")]
    tags = [t.strip().lower() for t in items]
    if "" in tags:
        shown = value if isinstance(value, str) else ",".join(parts)
        if not shown.strip():
            raise UsageError(f"{what} is empty",
                             "give at least one tag, for example --tags=python,v3.11"
                             if what == "--tags" else "give at least one tag, e.g. 'python'")
        if not any(tags):
            raise UsageError(f"{what} '{shown}' names no tag",
                             "give at least one tag, for example python,v3.11")
        raise UsageError(f"{what} '{shown}' has an empty tag",
                         "separate tags with single commas, for example python,v3.11")
    return list(dict.fromkeys(tags))


def find(
    registry: Registry,
    tags: Sequence[str] = (),
    version: str | VersionSpec | None = None,
    include_stale: bool = False,
) -> list[Entry]:
    """Every entry with all ``tags`` whose version is in ``version``, newest first."""
    spec = parse_spec(version) if isinstance(version, str) else version
    entries = registry.find(tags, include_stale=include_stale)
    if spec is not None:
        entries = [e for e in entries if spec.contains(e.version)]
    entries.sort(key=lambda e: (e.soft, Version(e.version)), reverse=True)
    entries.sort(key=lambda e: e.soft)
    return entries


class Selection:
    """The chosen entry, every match (newest first), and a note when the choice was a tie."""

    def __init__(self, entry: Entry, candidates: list[Entry], note: str = "") -> None:
        self.entry = entry
        self.candidates = candidates
        self.note = note


def select(
    registry: Registry, tags: Sequence[str], version: str | None = None, include_stale: bool = False
) -> Selection:
    """The newest entry matching ``tags`` and ``version``; raises NotFoundError when none does."""
    if not tags and not version:
        raise UsageError("give tags to select an entry", "for example --tags=python,v3.11")
    matches = find(registry, tags, version, include_stale=include_stale)
    if not matches:
        raise _nothing_matches(registry, tags, version)
    matches.sort(key=lambda e: Version(e.version), reverse=True)
    best = matches[0]
    ties = [e for e in matches if Version(e.version) == Version(best.version)]
    note = ""
    if len(ties) > 1:
        ties.sort(key=lambda e: (e.soft, e.prefix, e.uid))
        best = ties[0]
        others = ", ".join(f"{e.uid} ({e.prefix})" for e in ties[1:])
        note = (
            f"{len(ties)} entries match --tags={','.join(tags)} at version {best.version}; "
            f"using {best.uid} ({best.prefix}); others: {others}. "
            f"Add a tag or give the uid to choose"
        )
    return Selection(entry=best, candidates=matches, note=note)


def _nothing_matches(registry: Registry, tags: Sequence[str], version: str | None) -> NotFoundError:
    wanted = f"--tags={','.join(tags)}" + (f" --version '{version}'" if version else "")
    head = tags[0] if tags else ""
    related = registry.find([head], include_stale=False) if head else []
    if related:
        ordered = sorted({(e.soft, e.version) for e in related},
                         key=lambda sv: (sv[0], Version(sv[1])))
        have = ", ".join(f"{soft} {version}" for soft, version in ordered[:16])
        if len(ordered) > 16:
            have += f" and {len(ordered) - 16} more"
        return NotFoundError(
            f"no entry matches {wanted}; recorded with tag '{head}': {have}",
            f"run 'envmgr detect {head}' to look again, or loosen the tags",
        )
    total = registry.count()
    return NotFoundError(
        f"no entry matches {wanted}; the registry has {total} entr{'y' if total == 1 else 'ies'}"
        + (" and none tagged '" + head + "'" if head else ""),
        f"run 'envmgr detect {head or '--all'}' first, or 'envmgr list' to see what is recorded",
    )
