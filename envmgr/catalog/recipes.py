"""The recipe index of the catalogue: which recipes exist, where, and what each is about.

Folders, in precedence order (a later folder's recipe of the same name wins, as for softs):

1. the builtin ``recipes/`` (``envmgr_recipes`` when installed, ``recipes`` in a checkout);
2. folders plugins return from ``envmgr_recipe_dirs`` (the caller asks the host and passes
   them to :meth:`RecipeFolders.set_plugin_dirs`: the catalogue calls no hooks);
3. user folders: ``ENVMGR_RECIPE_PATH`` (``os.pathsep``-separated), the config's
   ``recipe_paths``, and the config dir's ``recipes/``.

Every ``*.toml`` below a folder is a recipe named by its file stem (the recipe loader
checks that ``name`` says the same). The index keeps a light summary of each file (name,
summary, category, tags, versions, front-end), read with :mod:`tomllib` but not validated,
cached in ``<cache>/recipes.json`` by each file's size and modification time, so that
``search`` and ``install --dry-run`` read no unchanged file twice. Validation and the full
recipe are the install layer's (:mod:`envmgr.install.recipe`).
"""

from __future__ import annotations

import os
from typing import Any, Protocol

TYPE_CHECKING = False
if TYPE_CHECKING:
    from envmgr.config import Config

__all__ = ["RecipeIndex", "NoRecipes", "RecipeFolders", "builtin_recipe_dir"]

CACHE_VERSION = 2
ORIGINS = ("builtin", "plugin", "user")


class RecipeIndex(Protocol):
    """What the catalogue needs of a recipe index."""

    def names(self) -> list[str]:
        """Every recipe name, in no particular order."""
        ...

    def location(self, name: str) -> str | None:
        """The file that defines recipe ``name``, or None."""
        ...


class NoRecipes:
    """An empty recipe index (``Catalog(external=False)`` tests may use it)."""

    def names(self) -> list[str]:
        return []

    def location(self, name: str) -> str | None:
        return None


def builtin_recipe_dir() -> str | None:
    """The builtin recipes folder: ``envmgr_recipes`` installed, ``recipes`` in a checkout."""
    import importlib.util

    for package in ("envmgr_recipes", "recipes"):
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            continue
        if spec is not None and spec.submodule_search_locations:
            folder = list(spec.submodule_search_locations)[0]
            if package == "envmgr_recipes" or os.path.isfile(
                    os.path.join(os.path.dirname(folder), "envmgr", "__init__.py")):
                return folder
    return None


def _toml_files(folder: str) -> list[str]:
    out: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        out += [os.path.join(root, f) for f in sorted(files) if f.endswith(".toml")]
    return out


def _summary(path: str) -> dict[str, Any]:
    """The light summary of one recipe file; ``error`` when it is not TOML at all."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    stem = os.path.basename(path)[:-5]
    info: dict[str, Any] = {"name": stem, "summary": "", "category": "", "tags": [],
                            "versions": [], "deprecated": [], "variants": {},
                            "frontend": ""}
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, ValueError) as exc:
        info["error"] = str(exc)[:300]
        return info
    for key in ("summary", "category"):
        if isinstance(data.get(key), str):
            info[key] = data[key]
    if isinstance(data.get("tags"), list):
        info["tags"] = [str(t) for t in data["tags"]]
    versions = data.get("versions")
    if isinstance(versions, list):
        info["versions"] = [str(v["version"]) for v in versions
                            if isinstance(v, dict) and "version" in v]
        info["deprecated"] = [str(v["version"]) for v in versions if isinstance(v, dict)
                              and "version" in v and v.get("deprecated") is True]
    variants = data.get("variants")
    if isinstance(variants, dict):
        # name -> {values, default}: what `search` shows to choose from
        info["variants"] = {
            str(k): {"values": [str(x) for x in v.get("values", [])
                                if isinstance(x, (str, int, float))],
                     "default": str(v.get("default", ""))}
            for k, v in variants.items() if isinstance(v, dict)}
    fe = data.get("frontend")
    if isinstance(fe, dict) and isinstance(fe.get("name"), str):
        info["frontend"] = fe["name"]
    return info


class RecipeFolders:
    """The recipe index over the builtin, plugin and user recipe folders."""

    def __init__(self, config: Config | None = None, builtin: bool = True,
                 user: bool = True) -> None:
        self.config = config
        self._builtin = builtin
        self._user = user
        self._plugin_dirs: list[str] = []
        self._table: dict[str, dict[str, Any]] | None = None
        self.shadowed: list[dict[str, Any]] = []
        """Recipes hidden by a later folder's recipe of the same name."""

    # -- folders ----------------------------------------------------------------------
    def set_plugin_dirs(self, dirs: list[str]) -> None:
        """The folders plugins returned from ``envmgr_recipe_dirs``, in plugin order."""
        self._plugin_dirs = [os.path.abspath(str(d)) for d in dirs]
        self._table = None

    def user_dirs(self) -> list[str]:
        dirs = [d for d in os.environ.get("ENVMGR_RECIPE_PATH", "").split(os.pathsep) if d]
        if self.config is not None:
            extra = self.config.settings.get("recipe_paths", [])
            if isinstance(extra, list):
                dirs += [os.path.expanduser(str(d)) for d in extra]
            dirs.append(os.path.join(self.config.config_dir, "recipes"))
        return [os.path.abspath(d) for d in dirs]

    def folders(self) -> list[tuple[str, str]]:
        """(origin, folder) in precedence order, each folder once."""
        out: list[tuple[str, str]] = []
        if self._builtin:
            found = builtin_recipe_dir()
            if found:
                out.append(("builtin", found))
        out += [("plugin", d) for d in self._plugin_dirs]
        if self._user:
            out += [("user", d) for d in self.user_dirs()]
        seen: set[str] = set()
        unique = []
        for origin, d in out:
            if d not in seen:
                seen.add(d)
                unique.append((origin, d))
        return unique

    # -- the index ---------------------------------------------------------------------
    def _cache_path(self) -> str | None:
        return os.path.join(self.config.cache_dir, "recipes.json") if self.config else None

    def _load_cache(self) -> dict[str, Any]:
        import json

        path = self._cache_path()
        if path is None:
            return {}
        try:
            with open(path) as f:
                data = json.load(f)
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def _save_cache(self, files: dict[str, Any]) -> None:
        path = self._cache_path()
        if path is None:
            return
        from envmgr._atomic import save_cache_json

        save_cache_json(path, {"version": CACHE_VERSION, "files": files})  # or skipped

    def table(self) -> dict[str, dict[str, Any]]:
        """Recipe name → its summary with ``path`` and ``origin``, after precedence."""
        if self._table is not None:
            return self._table
        cached = self._load_cache()
        fresh: dict[str, Any] = {}
        changed = False
        table: dict[str, dict[str, Any]] = {}
        self.shadowed = []
        for origin, folder in self.folders():
            for path in _toml_files(folder):
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                key = [st.st_mtime_ns, st.st_size]
                hit = cached.get(path)
                if isinstance(hit, dict) and hit.get("stat") == key:
                    info = dict(hit["info"])
                else:
                    info = _summary(path)
                    changed = True
                fresh[path] = {"stat": key, "info": info}
                item = {**info, "path": path, "origin": origin}
                old = table.get(info["name"])
                if old is not None:
                    self.shadowed.append(old)
                table[info["name"]] = item
        if changed or set(fresh) != set(cached):
            self._save_cache(fresh)
        self._table = table
        return table

    def names(self) -> list[str]:
        """Every recipe name."""
        return sorted(self.table())

    def location(self, name: str) -> str | None:
        """The file that defines recipe ``name`` (the winning one), or None."""
        item = self.table().get(name)
        return str(item["path"]) if item else None

    def info(self, name: str) -> dict[str, Any] | None:
        """The light summary of recipe ``name``: name, summary, category, tags,
        versions, deprecated versions, variants (values and default), frontend, path,
        origin (and ``error`` for a file that is not TOML)."""
        return self.table().get(name)

    def items(self) -> list[dict[str, Any]]:
        """Every recipe's summary, by name."""
        table = self.table()
        return [table[n] for n in sorted(table)]
