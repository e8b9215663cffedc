"""``envmgr export``'s work: gather the exporters, plan what to export, write the files.

Planning goes through :func:`envmgr.activate.plan.plan`, the planner ``envmgr shell``
uses, so an exported file does what activating the same entries does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from envmgr.activate.envops import ACTIVE_VAR, SET, EnvOp, original_env
from envmgr.errors import EnvmgrError, NotFoundError, UsageError
from envmgr.export.exporter import Exporter, ExportRequest

if TYPE_CHECKING:
    from envmgr.activate.plan import Plan
    from envmgr.plugin.collectors import Exporters
    from envmgr.store.entry import Entry

__all__ = ["gather", "exporter", "entry_plan", "selection_request", "home_requests",
           "module_name", "render", "render_home", "write_files"]

# the API object (envmgr.api.Envmgr); not imported: envmgr.export sits below the API layer
Envmgr = Any

_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


def gather(em: Envmgr) -> Exporters:
    """Every registered exporter (``envmgr_register_exporters``), by name."""
    from envmgr.plugin.collectors import Exporters

    collected = Exporters()
    if em.host.load_for_hook("envmgr_register_exporters"):
        em.host.call("envmgr_register_exporters", exporters=collected)
    return collected


def exporter(em: Envmgr, fmt: str) -> Exporter:
    """The exporter of ``fmt``; a UsageError naming the formats there are."""
    found = gather(em)
    obj = found.get(fmt)
    if obj is None:
        names = ", ".join(found.names()) or "none"
        raise UsageError(f"no export format '{fmt}'", f"use one of: {names}")
    if not isinstance(obj, Exporter):
        raise EnvmgrError(f"the exporter '{fmt}' of plugin {found.owner(fmt)} is not an "
                          "envmgr.export.exporter.Exporter",
                          f"disable it with -p no:{found.owner(fmt)}")
    return obj


def entry_plan(em: Envmgr, entries: Sequence[Entry], base: Mapping[str, str] | None = None
               ) -> Plan:
    """The plan that activates exactly ``entries`` (no selection, no dependencies added),
    with the ``envmgr_shell_env`` hooks, as ``Envmgr.shell_plan`` makes it."""
    from envmgr.activate.plan import plan

    hook: Callable[[Entry, dict[str, str]], None] | None = None
    if em.catalog.possible("envmgr_shell_env") and em.host.load_for_hook("envmgr_shell_env"):
        def hook(entry: Entry, env: dict[str, str]) -> None:
            em.host.call("envmgr_shell_env", entry=entry, env=env)

    return plan(list(entries), em.config.links_dir, hook,
                base if base is not None else original_env(os.environ))


def _export_ops(planned: Plan) -> list[EnvOp]:
    # ENVMGR_ACTIVE says "envmgr activated this"; two modules loaded together would fight
    # over it, and unloading one would drop it for both
    return [op for op in planned.ops if not (op.kind == SET and op.var == ACTIVE_VAR)]


def module_name(entry: Entry) -> str:
    """``soft/version``, each part limited to letters, digits and ``._+-``."""
    soft = _UNSAFE.sub("_", entry.soft).strip(".") or "soft"
    version = _UNSAFE.sub("_", entry.version).strip(".") or "unknown"
    return f"{soft}/{version}"


def _usable(entry: Entry) -> None:
    if not entry.present():  # a module must load the recorded tool, not one on PATH
        raise NotFoundError(
            f"{entry.label()} is recorded but {entry.missing()} no longer exists",
            f"run 'envmgr detect {entry.soft}' to look again, or choose another with --tags")


def selection_request(
    em: Envmgr, groups: Sequence[Sequence[str]], version: str | None = None,
    name: str | None = None, notes: list[str] | None = None, lock: str = "envmgr.lock",
    base: str = "",
) -> ExportRequest:
    """One entry per tag group and their dependencies, as one environment."""
    selected = []
    for tags in groups:
        sel = em.select(list(tags), version)
        if sel.note and notes is not None:
            notes.append(sel.note)
        selected.append(sel.entry)
    entries = em.with_deps(selected)
    for entry in entries:
        _usable(entry)
    planned = entry_plan(em, entries)
    if notes is not None:
        notes.extend(f"warning: {w}" for w in planned.warnings)
    if name is not None and not _valid_module(name):
        raise UsageError(f"--name {name[:60]!r} is not a module name",
                         "use letters, digits and ._+- in one or two parts: soft/version")
    return ExportRequest(ops=_export_ops(planned), selected=selected, entries=entries,
                         name=name or module_name(selected[0]), home=str(em.config.home),
                         selection=[list(g) for g in groups], lock=lock, base=base)


def _valid_module(name: str) -> bool:
    parts = name.split("/")
    return 0 < len(parts) <= 2 and all(p and p not in (".", "..") and not _UNSAFE.search(p)
                                       for p in parts)


def home_requests(em: Envmgr, notes: list[str] | None = None, lock: str = "envmgr.lock",
                  base: str = "") -> list[ExportRequest]:
    """One request per usable entry of the home (stale and vanished ones left out, with a
    note), each with only its own operations and its dependencies as ``depends``."""
    usable = []
    for entry in em.find(include_stale=False):
        if not entry.present():
            if notes is not None:
                notes.append(f"left out {entry.label()}: {entry.missing()} no longer exists")
        else:
            usable.append(entry)
    usable.sort(key=lambda e: (module_name(e), e.uid))
    names: dict[str, str] = {}
    taken: set[str] = set()
    for entry in usable:
        name = module_name(entry)
        if name in taken:  # the same soft and version at two prefixes
            name = f"{name}-{entry.uid.rpartition('-')[2][:8]}"
        taken.add(name)
        names[entry.uid] = name
    start = original_env(os.environ)
    requests = []
    for entry in usable:
        depends = []
        for dep in entry.deps:
            if dep in names:
                depends.append(names[dep])
            elif notes is not None:
                notes.append(f"{names[entry.uid]}: its dependency {dep} is not exported "
                             "(stale, vanished or removed)")
        planned = entry_plan(em, [entry], start)
        requests.append(ExportRequest(ops=_export_ops(planned), selected=[entry],
                                      entries=[entry], name=names[entry.uid],
                                      home=str(em.config.home), depends=depends,
                                      lock=lock, base=base))
    return requests


def render(exporter: Exporter, request: ExportRequest) -> str:
    """``exporter``'s text for ``request``, after checking its operations carry nothing the
    format cannot (every caller goes through here, never ``exporter.render`` directly)."""
    from envmgr.export.exporter import check

    check(exporter, request.ops)
    return exporter.render(request)


def render_home(exporter: Exporter, requests: Sequence[ExportRequest]) -> dict[str, str] | None:
    """``exporter.render_home(requests)``, each request checked as :func:`render` does."""
    from envmgr.export.exporter import check

    for request in requests:
        check(exporter, request.ops)
    return exporter.render_home(requests)


def write_files(files: Mapping[str, str], out: str) -> list[str]:
    """Write ``files`` (relative path → text) under the folder ``out``; the paths written."""
    written = []
    root = os.path.abspath(out)
    for rel, text in files.items():
        parts = rel.split("/")
        if os.path.isabs(rel) or any(p in ("", ".", "..") for p in parts):
            raise EnvmgrError(f"an exporter asked to write {rel!r}, outside {out}")
        path = os.path.join(root, *parts)
        write_file(path, text)
        written.append(path)
    return written


def write_file(path: str, text: str) -> None:
    """Write one file atomically; an OSError becomes one clear sentence."""
    from envmgr._atomic import write_text

    try:
        write_text(path, text)
    except OSError as exc:
        raise EnvmgrError(f"cannot write {path}: {exc.strerror or exc}") from None
    except UnicodeEncodeError:  # a path that is not UTF-8 inside the text
        raise EnvmgrError(f"cannot write {path}: it would hold a path that is not UTF-8",
                          "use --format json, or rename the folder") from None
