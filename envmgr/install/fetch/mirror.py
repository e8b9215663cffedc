"""Every source a recipe can fetch, and the mirror layout they are copied into.

A mirror is a folder (or the same tree served over http(s)) that the download front-end
tries before upstream (see :mod:`envmgr.install.fetch.download`)::

    <mirror>/<name>/<filename>     the file under its recipe's name
    <mirror>/by-sha256/<sha256>    the same bytes under their checksum

``envmgr mirror create`` fills one; the download cache has the ``by-sha256`` half of the
layout, so a copied cache folder serves as a mirror too.
"""

from __future__ import annotations

import os
import platform
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from envmgr.install.recipe import (
    Recipe,
    Select,
    Source,
    _fill_source,
    interpolate,
    interpolation_values,
)

__all__ = ["SourceSite", "all_sources", "host_platform", "mirror_paths", "add_to_mirror"]


@dataclass(frozen=True)
class SourceSite:
    """One source of one version, filled in, with the key path it has in the recipe."""

    version: str
    source: Source
    where: str


def host_platform() -> dict[str, str]:
    """This machine's ``os`` and ``arch``, in the words conditions use."""
    return {"os": platform.system().lower(), "arch": platform.machine().lower()}


def _values(recipe: Recipe, version: str, extra: Mapping[str, str]) -> dict[str, str]:
    return interpolation_values(recipe, version, {**recipe.default_variants(), **extra},
                                host_platform())


def _fill(values: Mapping[str, str], text: str) -> str:
    return interpolate(text, values)


def all_sources(recipe: Recipe, version: str | None = None) -> Iterator[SourceSite]:
    """Every source of every version (or of ``version``), both branches of each condition.

    Placeholders are filled with the version, the context, the variants' defaults and this
    machine's platform, except that inside a ``then`` branch the keys of its condition take
    their first allowed value, so that a URL naming a variant gets the branch's value."""
    def walk(items: tuple[Source | Select[Source], ...], path: str, ver: str,
             extra: Mapping[str, str]) -> Iterator[SourceSite]:
        for i, item in enumerate(items):
            if isinstance(item, Select):
                chosen = {k: v[0] for k, v in item.condition.items() if v}
                yield from walk(item.then, f"{path}[{i}].then", ver, {**extra, **chosen})
                yield from walk(item.orelse, f"{path}[{i}].else", ver, extra)
            else:
                src = _fill_source(item, partial(_fill, _values(recipe, ver, extra)))
                yield SourceSite(ver, src, f"{path}[{i}]")

    seen: set[tuple[str, str]] = set()
    for vi, ver in enumerate(recipe.versions):
        if version is not None and ver.version != version:
            continue
        for site in walk(ver.sources, f"versions[{vi}].sources", ver.version, {}):
            key = (site.source.url, site.source.filename)
            if key not in seen:  # two branches may name one file
                seen.add(key)
                yield site


def mirror_paths(mirror: str | Path, name: str, filename: str, sha256: str
                 ) -> tuple[Path, Path]:
    """``<mirror>/<name>/<filename>`` and ``<mirror>/by-sha256/<sha256>``."""
    root = Path(mirror)
    return root / name / filename, root / "by-sha256" / sha256


def _place(src: Path, dest: Path) -> None:
    """Put ``src``'s bytes at ``dest`` in one rename: a hard link where one can be made,
    else a copy; a mirror never holds a half-written file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError:
        try:
            shutil.copyfile(src, tmp)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    os.replace(tmp, dest)


def add_to_mirror(mirror: str | Path, name: str, filename: str, sha256: str,
                  path: Path) -> bool:
    """Copy the verified file ``path`` into the mirror under both names; False when both
    were there already (same size)."""
    size = path.stat().st_size
    added = False
    for dest in mirror_paths(mirror, name, filename, sha256):
        try:
            if dest.is_file() and dest.stat().st_size == size:
                continue
        except OSError:
            pass
        _place(path, dest)
        added = True
    return added
