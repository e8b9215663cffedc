"""Softs known from an index, imported only where the search space holds a candidate.

``detect --all`` asks for every soft, and most are not installed: importing each plugin
to learn that costs more than the whole warm run. A :class:`Deferred` soft carries what
the index says about it (its patterns and dirs: everything that decides whether it has
a candidate) in a stand-in class, and a loader for the real one. The engine builds its
search space from the stand-ins, and imports a plugin only for a soft that
:func:`may_have_candidates` says may be there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from envmgr.detect.explain import Explain
from envmgr.detect.searchspace import SearchSpace, dist_key, literal_prefix
from envmgr.detect.soft import Soft, compiled

__all__ = ["Deferred", "declared", "may_have_candidates", "SEARCH_ATTRS"]

# What an index keeps of a soft that decides where it is searched and what a candidate
# is; the index generator writes them (envmgr.catalog.builtin.soft_info).
SEARCH_ATTRS = ("executables", "search_dirs", "libraries", "headers", "pkgconfig",
                "python_dist", "markers", "data_dirs")


class Deferred:
    """A soft by its indexed declaration (``declared``, a stand-in Soft subclass that is
    searched for, never probed) and ``load``, which imports the real class (None if its
    plugin fails)."""

    __slots__ = ("declared", "load", "name")

    def __init__(self, declared: type[Soft], load: Callable[[], type[Soft] | None]) -> None:
        self.declared = declared
        self.load = load
        self.name = declared.name

    def __repr__(self) -> str:
        return f"Deferred({self.name!r})"


def declared(info: Mapping[str, Any]) -> type[Soft]:
    """A stand-in Soft subclass with an index entry's name and search data."""
    attrs: dict[str, Any] = {"name": info["name"], "__module__": __name__}
    for attr in SEARCH_ATTRS:
        value = info.get(attr)
        if value:
            attrs[attr] = tuple(value)
    return type(f"Declared_{info.get('class') or 'Soft'}", (Soft,), attrs)


def may_have_candidates(soft: type[Soft], space: SearchSpace) -> bool:
    """Whether ``soft`` may have a candidate in ``space``: a file name one of its forms
    matches (before access checks and links are looked at, so never a false no)."""
    for kind in soft.forms():
        if kind == "executable":
            if space.executables(soft):
                return True
        elif kind == "library":
            fd = space.form("library")
            for pattern in soft.libraries:
                names = fd.names_with_prefix(literal_prefix(pattern))
                if names and any(compiled(pattern).fullmatch(n) for n in names):
                    return True
        elif kind == "header":
            files = space.form("header").files
            if any(h.split("/", 1)[0] in files for h in soft.headers):
                return True
        elif kind == "pkgconfig":
            files = space.form("pkgconfig").files
            if any(n + ".pc" in files for n in soft.names_of("pkgconfig")):
                return True
        elif kind == "python-dist":
            keys = [dist_key(n) for n in soft.names_of("python_dist")]
            index = space.site_index()
            if any(k in index for k in keys) or any(k in space.site_provides() for k in keys):
                return True
        elif kind == "directory":
            from envmgr.detect.candidates import candidates_of_kind

            if candidates_of_kind(soft, "directory", space, Explain()):
                return True
    return False
