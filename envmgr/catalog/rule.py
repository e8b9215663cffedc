"""The one precedence rule for softs: which plugin's soft answers to a name.

Plugins are taken in precedence order (builtin, then entry points, then user plugins:
``ENVMGR_PLUGINS`` modules, then user plugin folders), and a later plugin wins:

- a soft's name and aliases point at the last plugin that declares them;
- a soft that takes over a name (``cmake`` from a user plugin over the builtin one) also
  takes over the aliases that pointed at the soft it replaces (``clang`` for ``llvm``),
  unless a plugin claims such an alias itself.

Disabled and shadowed plugins are left out before the rule is applied (see
:class:`envmgr.catalog.core.Catalog`). Pure data in, data out: nothing is imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["winners", "overrides"]

Provider = tuple[str, Sequence[Sequence[str]]]
"""A plugin name and its softs, each as ``[name, *aliases]``."""


def winners(providers: Iterable[Provider]) -> dict[str, tuple[str, str]]:
    """Name or alias → (plugin, canonical soft name), by the rule above."""
    table: dict[str, tuple[str, str]] = {}
    for plugin, groups in providers:
        for names in groups:
            if not names:
                continue
            canonical = names[0]
            replaced = table.get(canonical)
            for n in names:
                table[n] = (plugin, canonical)
            if replaced is not None and replaced != (plugin, canonical):
                for n, owner in list(table.items()):
                    if owner == replaced:
                        table[n] = (plugin, canonical)
    return table


def overrides(providers: Iterable[Provider]) -> dict[str, list[str]]:
    """Canonical soft name → the plugins declaring it, in precedence order (the last wins)."""
    out: dict[str, list[str]] = {}
    for plugin, groups in providers:
        for names in groups:
            if names and plugin not in out.setdefault(names[0], []):
                out[names[0]].append(plugin)
    return out
