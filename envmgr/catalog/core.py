"""The catalogue: every plugin envmgr knows of, which one wins, and what each declares.

One object owns every index: the builtin index (``plugins/_index.json`` and its hooks map
``_hooks.json``), the cached entry points of installed distributions, the cached user
plugin files, and the recipe index (recipe folders, :mod:`envmgr.catalog.recipes`). It
applies one precedence rule (:mod:`envmgr.catalog.rule`) and one treatment of disabled
plugins, and ``search``, ``plugin list``, ``detect``, ``shell`` and the API all ask it.

Plugins, in precedence order (a later one's soft of the same name wins):

1. builtin plugins, by their index name (``tools.cmake``);
2. entry points in group ``envmgr`` of installed distributions (not with
   ``ENVMGR_DISABLE_PLUGIN_AUTOLOAD`` set);
3. modules named in ``ENVMGR_PLUGINS``;
4. user plugin folders: ``ENVMGR_PLUGIN_PATH``, config ``plugin_paths``, the config dir's
   ``plugins/``.

Plugin names are unique: a plugin whose name an earlier one took is *shadowed* (listed,
never imported). A plugin named by ``-p no:NAME`` or the config's ``disabled_plugins`` is
*disabled*: listed, never imported, its softs and hooks left out everywhere.

The catalogue imports no plugin code and no pluggy: the plugin host imports plugins and
tells the catalogue (:meth:`Catalog.learn`) what each declares, which the indexes keep
for the next run.
"""

from __future__ import annotations

import os

from envmgr.catalog import builtin
from envmgr.catalog.rule import overrides, winners

TYPE_CHECKING = False
if TYPE_CHECKING:
    from envmgr.catalog.entrypoints import EntryPointIndex
    from envmgr.catalog.recipes import RecipeFolders
    from envmgr.catalog.user import UserIndex
    from envmgr.config import Config

__all__ = ["Catalog", "PluginRef", "ORIGINS"]

ORIGINS = ("builtin", "entrypoint", "user")
"""Origins in precedence order: a later origin's soft or front-end of the same name wins."""


class PluginRef:
    """One plugin as the catalogue knows it, imported or not (a plain class: no
    dataclasses import on the ``shell`` path)."""

    def __init__(self, name: str, origin: str, module: str = "", location: str = "",
                 distribution: str = "", rank: tuple[int, int] = (0, 0),
                 softs: list[list[str]] | None = None, hooks: list[str] | None = None
                 ) -> None:
        self.name = name
        self.origin = origin
        """``builtin``, ``entrypoint`` or ``user``."""
        self.module = module
        """What is imported: a module name, or an entry point's ``module:object``."""
        self.location = location
        """A user plugin's file."""
        self.distribution = distribution
        """An entry point's distribution and version."""
        self.rank = rank
        """Its place in precedence order, (origin, position): higher wins, is called first."""
        self.disabled = False
        self.shadowed_by = ""
        self.softs = softs
        """Its softs as ``[name, *aliases]``; None until known (it must be imported)."""
        self.hooks = hooks
        self.ok = True
        """False if it failed to import or register (last time)."""

    def __repr__(self) -> str:
        return f"PluginRef({self.name!r}, {self.origin!r}, rank={self.rank})"

    @property
    def deferrable(self) -> bool:
        """Whether it may stay unimported until one of its softs is asked for."""
        return self.softs is not None and self.hooks == [] and self.ok

    @property
    def where(self) -> str:
        """Where it comes from, for a message: its file, distribution or origin."""
        if self.origin == "entrypoint":
            return f"entry point {self.module}" + (
                f" ({self.distribution})" if self.distribution else "")
        return self.location or f"{self.origin} module {self.module}"


class Catalog:
    """Every plugin of one configuration, and the one rule that picks between them.

    ``external=False`` leaves out entry points, ``ENVMGR_PLUGINS`` and user folders (the
    ``pm`` test fixture)."""

    def __init__(self, config: Config, external: bool = True) -> None:
        self.config = config
        self.external = external
        self._recipes: RecipeFolders | None = None
        self._builtins: list[PluginRef] | None = None
        self._builtin_names: dict[str, PluginRef] | None = None
        self._externals: list[PluginRef] | None = None
        self._shadowed: list[PluginRef] = []
        self._table: dict[str, tuple[str, str]] | None = None
        self._user_index: UserIndex | None = None
        self._ep_index: EntryPointIndex | None = None

    @property
    def recipes(self) -> RecipeFolders:
        """The recipe index: builtin, plugin and user recipe folders (see
        :mod:`envmgr.catalog.recipes`); without ``external``, the builtin ones only."""
        if self._recipes is None:
            from envmgr.catalog.recipes import RecipeFolders

            self._recipes = RecipeFolders(self.config, user=self.external)
        return self._recipes

    # -- disabled plugins -----------------------------------------------------------
    def blocked(self, name: str) -> bool:
        """Whether plugin ``name`` is disabled (``-p no:NAME``, config disabled_plugins)."""
        return name in self.config.blocked

    # -- the plugins ------------------------------------------------------------------
    def builtin_refs(self) -> list[PluginRef]:
        """The builtin plugins, from the index (nothing imported)."""
        if self._builtins is None:
            self._builtins = []
            for i, (name, meta) in enumerate(builtin.load_index()["modules"].items()):
                ref = PluginRef(name, "builtin", module=meta["module"], rank=(0, i),
                                softs=[[s["name"], *s["aliases"]] for s in meta["softs"]],
                                hooks=list(meta["hooks"]))
                ref.disabled = self.blocked(name)
                self._builtins.append(ref)
        return self._builtins

    def builtin_hooks(self, hook: str) -> list[str]:
        """The enabled builtin plugins implementing ``hook`` (the small hooks file only)."""
        return [n for n in builtin.load_hooks().get(hook, ()) if not self.blocked(n)]

    @property
    def autoload(self) -> bool:
        return self.external and not os.environ.get("ENVMGR_DISABLE_PLUGIN_AUTOLOAD")

    def entry_points(self) -> EntryPointIndex:
        if self._ep_index is None:
            from envmgr.catalog.entrypoints import EntryPointIndex

            self._ep_index = EntryPointIndex(self.config.cache_dir)
        return self._ep_index

    def user_index(self) -> UserIndex:
        if self._user_index is None:
            from envmgr.catalog.user import UserIndex

            self._user_index = UserIndex(os.path.join(self.config.cache_dir,
                                                      "user-plugins.json"))
        return self._user_index

    def external_refs(self) -> list[PluginRef]:
        """Entry points, ``ENVMGR_PLUGINS`` modules and user plugin files, in precedence
        order, disabled ones included, shadowed ones not (see :meth:`shadowed`)."""
        if self._externals is not None:
            return self._externals
        from envmgr.catalog.user import plugin_files

        found: list[PluginRef] = []
        if self.autoload:
            eps = self.entry_points()
            for point in eps.points:
                ref = PluginRef(point["name"], "entrypoint", module=point["value"],
                                distribution=point["distribution"])
                _apply(ref, eps.get(ref.name))
                found.append(ref)
        if self.external:
            for mod in os.environ.get("ENVMGR_PLUGINS", "").split(","):
                if mod.strip():
                    found.append(PluginRef(mod.strip(), "user", module=mod.strip()))
            index = self.user_index()
            for folder in self.config.plugin_dirs:
                for path in plugin_files(folder):
                    name = os.path.basename(path)[:-3]
                    ref = PluginRef(name, "user", module=f"envmgr_user.{name}", location=path)
                    _apply(ref, index.get(path))
                    found.append(ref)
        taken = {r.name: r for r in self.builtin_refs()}
        self._externals = []
        self._shadowed = []
        for i, ref in enumerate(found):
            ref.rank = (ORIGINS.index(ref.origin), i)
            first = taken.get(ref.name)
            if first is not None:
                ref.shadowed_by = first.where
                self._shadowed.append(ref)
                continue
            taken[ref.name] = ref
            ref.disabled = self.blocked(ref.name)
            self._externals.append(ref)
        return self._externals

    def refs(self) -> list[PluginRef]:
        """Every plugin in precedence order (disabled ones included, shadowed ones not)."""
        return [*self.builtin_refs(), *self.external_refs()]

    def shadowed(self) -> list[PluginRef]:
        """Plugins that gave way to an earlier one of the same name (never imported)."""
        self.external_refs()
        return list(self._shadowed)

    def get(self, name: str) -> PluginRef | None:
        """The plugin called ``name`` (builtins first: no external scan for them)."""
        if self._builtin_names is None:  # hundreds of softs ask: no scan each time
            self._builtin_names = {r.name: r for r in self.builtin_refs()}
        ref = self._builtin_names.get(name)
        if ref is not None:
            return ref
        return next((r for r in self.external_refs() if r.name == name), None)

    def names(self) -> set[str]:
        """Every plugin name known, for telling a typo in ``-p no:NAME`` apart."""
        return {r.name for r in self.refs()} | {r.name for r in self._shadowed}

    def learn(self, ref: PluginRef, softs: list[list[str]], hooks: list[str], ok: bool,
              file: str = "") -> None:
        """What an imported plugin declares; kept in its index for the next run."""
        ref.softs, ref.hooks, ref.ok = softs, hooks, ok
        self._table = None
        if ref.origin == "user" and ref.location:
            self.user_index().put(ref.location, softs, hooks, ok)
        elif ref.origin == "entrypoint":
            self.entry_points().put(ref.name, file, softs, hooks, ok)

    def save(self) -> None:
        """Write the indexes that changed (a read-only home only loses the speed-up)."""
        if self._user_index is not None:
            self._user_index.save()
        if self._ep_index is not None:
            self._ep_index.save()

    # -- the one rule ----------------------------------------------------------------
    def _providers(self, external: bool) -> list[tuple[str, list[list[str]]]]:
        refs = self.refs() if external else self.builtin_refs()
        return [(r.name, r.softs) for r in refs if not r.disabled and r.softs]

    def table(self, external: bool = True) -> dict[str, tuple[str, str]]:
        """Soft name or alias → (plugin, canonical name). External plugins whose softs are
        not known yet (never imported) are missing: the host imports them first."""
        if not external:
            return winners(self._providers(False))
        if self._table is None:
            self._table = winners(self._providers(True))
        return self._table

    def resolve(self, name: str, external: bool = True) -> tuple[PluginRef, str] | None:
        """The plugin whose soft answers to ``name``, and that soft's canonical name."""
        hit = self.table(external).get(name)
        if hit is None:
            return None
        ref = self.get(hit[0])
        return (ref, hit[1]) if ref is not None else None

    def overrides(self) -> dict[str, list[str]]:
        """Canonical soft name → the enabled plugins declaring it, in precedence order."""
        return overrides(self._providers(True))

    def disabled_owner(self, name: str) -> str | None:
        """The disabled plugin a soft name is known to come from, if any."""
        for ref in self.refs():
            if ref.disabled and any(name in g for g in ref.softs or ()):
                return ref.name
        return None

    # -- hooks without importing ----------------------------------------------------
    def possible(self, hook: str, builtins: bool = True) -> bool:
        """Might an enabled plugin (or, without ``builtins``, an external one) implement
        ``hook``? Answered from the indexes alone (no plugin import, no pluggy); an
        external plugin not recorded yet might."""
        if builtins and self.builtin_hooks(hook):
            return True
        if not self.external:
            return False
        return any(r.hooks is None or not r.ok or hook in r.hooks
                   for r in self.external_refs() if not r.disabled)


def _apply(ref: PluginRef, record: dict[str, object] | None) -> None:
    if record is None:
        return
    softs, hooks = record.get("softs"), record.get("hooks")
    if isinstance(softs, list) and isinstance(hooks, list):
        ref.softs = [[str(n) for n in g] for g in softs if isinstance(g, list)]
        ref.hooks = [str(h) for h in hooks]
        ref.ok = bool(record.get("ok"))
