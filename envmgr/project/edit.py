"""``envmgr init``, ``add`` and ``remove``: change ``envmgr.toml`` as a person would.

tomlkit reads the file into a document that keeps its comments, blank lines, order and
quoting, so an edit changes only the lines it must. The new text is checked as a whole
manifest (:func:`envmgr.project.manifest.loads`) before it replaces the file, atomically:
an edit that would make a bad manifest writes nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

from envmgr.errors import UsageError
from envmgr.project.manifest import FILENAME, Manifest, loads

__all__ = ["init_text", "init", "add", "remove", "parse_spec"]

_AT = re.compile(r"^([a-z0-9][a-z0-9._+-]*)(?:@(.+))?$")


def init_text(name: str) -> str:
    """The minimal manifest ``envmgr init`` writes."""
    import json

    return (f"# envmgr project: see docs/projects.md\n[project]\nname = {json.dumps(name)}\n\n"
            "[needs]\n\n[env]\n\n[tasks]\n")


def init(folder: str, name: str | None = None) -> str:
    """Write a minimal ``envmgr.toml`` in ``folder``; its path. Refuses to overwrite."""
    from envmgr._atomic import write_text

    path = os.path.join(os.path.abspath(folder), FILENAME)
    if os.path.exists(path):
        raise UsageError(f"{path} exists already", "edit it, or use 'envmgr add'")
    name = name or os.path.basename(os.path.dirname(path)) or "project"
    text = init_text(name)
    loads(text, path)
    write_text(path, text, makedirs=False)
    return path


def parse_spec(text: str) -> tuple[str, str | None]:
    """``python@>=3.11`` → (``python``, ``>=3.11``); ``cmake`` → (``cmake``, None)."""
    m = _AT.match(text.strip().lower()) if text.strip() else None
    if not m:
        raise UsageError(f"cannot read '{text}'",
                         "write NAME or NAME@SPEC, e.g. python@'>=3.11'")
    return m.group(1), m.group(2)


def _document(manifest: Manifest) -> Any:
    import tomlkit

    return tomlkit.parse(manifest.text)


def add(manifest: Manifest, spec: str | None, *, tags: Sequence[str] = (),
        key: str | None = None, version: str | None = None, optional: bool = False,
        install: str | None = None) -> tuple[str, str]:
    """The manifest's new text with a need added (or replaced), and the need's key."""
    import tomlkit

    name = None
    if spec:
        name, at = parse_spec(spec)
        if at and version:
            raise UsageError(f"'{spec}' gives a version and so does --version", "give one")
        version = at or version
    if not name and not tags:
        raise UsageError("'envmgr add' needs NAME[@SPEC] or --tags",
                         "e.g. envmgr add python@'>=3.11', envmgr add --tags=compiler,lang-c "
                         "--as cc")
    key = key or name
    if not key:
        raise UsageError("a need by --tags needs a name: give --as NAME", "e.g. --as cc")
    doc = _document(manifest)
    needs = doc.get("needs")
    if needs is None:
        needs = tomlkit.table()
        doc["needs"] = needs
    simple = not tags and not optional and not install and name == key
    if simple:
        value: object = version or "*"
    else:
        table = tomlkit.inline_table()
        if name and name != key or (name and tags):
            table["name"] = name
        if tags:
            table["tags"] = list(tags)
        if version:
            table["version"] = version
        if optional:
            table["optional"] = True
        if install:
            table["install"] = install
        value = table
    needs[key] = value
    return tomlkit.dumps(doc), key


def remove(manifest: Manifest, key: str) -> str:
    """The manifest's new text without need ``key``."""
    import tomlkit

    if key not in manifest.needs:
        raise UsageError(f"{os.path.basename(manifest.path)} has no need '{key}'",
                         "the needs are: " + (", ".join(manifest.needs) or "none"))
    doc = _document(manifest)
    del doc["needs"][key]
    text: str = tomlkit.dumps(doc)
    return text


def write(manifest: Manifest, text: str) -> Manifest:
    """Check ``text`` as the manifest, then replace the file with it; the new manifest."""
    from envmgr._atomic import write_text
    from envmgr.errors import EnvmgrError

    new = loads(text, manifest.path, os.path.basename(manifest.path))
    try:
        write_text(manifest.path, text, makedirs=False)
    except OSError as exc:
        raise EnvmgrError(f"cannot write {manifest.path}: {exc.strerror or exc}") from None
    return new
