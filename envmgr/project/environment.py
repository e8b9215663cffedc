"""The project's environment: the needs' entries active, then ``[env]``.

The entries (each need's, with their dependencies) are planned by
:func:`envmgr.export.build.entry_plan`, the planner ``envmgr shell`` and ``export`` use;
``[env]`` values follow as ``set`` operations, ``${{ needs.NAME.FIELD }}`` replaced by that
need's entry's field. A need that was skipped (its ``when`` does not hold, or it is
optional and missing) interpolates as an empty string.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from envmgr.activate.envops import SET, EnvOp
from envmgr.project.manifest import INTERPOLATION, Manifest

TYPE_CHECKING = False
if TYPE_CHECKING:
    from envmgr.activate.plan import Plan
    from envmgr.store.entry import Entry

__all__ = ["interpolate", "env_ops", "project_plan", "export_request", "PROJECT_VAR"]

#: set in the environment ``run`` and ``shell`` give: the project's folder
PROJECT_VAR = "ENVMGR_PROJECT"


def field_of(entry: Entry | None, what: str) -> str:
    if entry is None:
        return ""
    if what == "executable":
        return entry.executable or ""
    return str(getattr(entry, what, "") or "")


def interpolate(text: str, entries: Mapping[str, Entry]) -> str:
    """``text`` with each ``${{ needs.NAME.FIELD }}`` replaced (the manifest was checked,
    so every reference names a need and a field)."""
    def one(m: Any) -> str:
        _, rest = m.group(1).split(".", 1)
        name, _, what = rest.rpartition(".")
        return field_of(entries.get(name), what)

    return INTERPOLATION.sub(one, text)


def env_ops(manifest: Manifest, entries: Mapping[str, Entry],
            extra: Mapping[str, str] | None = None) -> list[EnvOp]:
    """``[env]`` (and a task's ``env``) as ``set`` operations, then ``ENVMGR_PROJECT``."""
    values = {**manifest.env, **(extra or {})}
    ops = [EnvOp(SET, var, interpolate(value, entries)) for var, value in values.items()]
    ops.append(EnvOp(SET, PROJECT_VAR, manifest.root))
    return ops


def project_plan(em: Any, manifest: Manifest, entries: Mapping[str, Entry],
                 base: Mapping[str, str] | None = None) -> Plan:
    """The plan of the needs' entries (dependencies included, each once, in the order
    of ``[needs]``) followed by ``[env]``."""
    from envmgr.activate.envops import original_env
    from envmgr.errors import NotFoundError
    from envmgr.export.build import entry_plan

    roots = [entries[k] for k in manifest.needs if k in entries]
    closure = em.with_deps(roots) if roots else []
    for entry in closure:
        if entry.vanished():
            raise NotFoundError(f"{entry.label()} is recorded but {entry.anchor} no longer "
                                "exists", "run 'envmgr sync' to choose again")
    planned = entry_plan(em, closure, base if base is not None else original_env(os.environ))
    planned.ops = [*planned.ops, *env_ops(manifest, entries)]
    return planned


def export_request(em: Any, manifest: Manifest, entries: Mapping[str, Entry],
                   name: str | None = None, lock: str = "envmgr.lock", base: str = "",
                   notes: list[str] | None = None) -> Any:
    """The project's environment as one :class:`~envmgr.export.exporter.ExportRequest`:
    what ``envmgr export --format F`` writes inside a project."""
    from envmgr.activate.envops import ACTIVE_VAR
    from envmgr.export.exporter import ExportRequest

    planned = project_plan(em, manifest, entries)
    if notes is not None:
        notes.extend(f"warning: {w}" for w in planned.warnings)
    selected = [entries[k] for k in manifest.needs if k in entries]
    closure = em.with_deps(selected) if selected else []
    # ENVMGR_ACTIVE: an exported file is no envmgr activation; ENVMGR_PROJECT: a folder of
    # this machine, wrong inside an image
    ops = [op for op in planned.ops
           if not (op.kind == SET and op.var in (ACTIVE_VAR, PROJECT_VAR))]
    selection = [list(manifest.needs[k].tags or (manifest.needs[k].name or k,))
                 for k in manifest.needs if k in entries]
    return ExportRequest(ops=ops, selected=selected, entries=closure,
                         name=name or _module(manifest.name),
                         home=str(em.config.home), selection=selection, lock=lock, base=base)


def _module(name: str) -> str:
    """The project's name as a module name: ``name/project``."""
    import re

    safe = re.sub(r"[^A-Za-z0-9._+-]", "_", name).strip(".") or "project"
    return f"{safe}/project"
