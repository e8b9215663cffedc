"""``envmgr plugin``: list, inspect, create and check plugins."""

from __future__ import annotations

import argparse
import os
from typing import Any

from envmgr.catalog import builtin as catalog
from envmgr.errors import NotFoundError, UsageError

__all__ = ["add_arguments", "run", "plugin_rows"]

EXAMPLES = """examples:
  envmgr plugin list --json
  envmgr plugin info tools.cmake
  envmgr plugin new mytool                  # into the config dir's plugins/ folder
  envmgr plugin new mytool --dir ./envmgr-mytool
  envmgr plugin check                       # every builtin plugin
  envmgr plugin check ./envmgr-mytool/mytool.py
  envmgr -p no:tools.docker detect --all"""


def add_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.epilog = EXAMPLES
    sub = p.add_subparsers(dest="plugin_command", metavar="PLUGIN_COMMAND")
    sub.add_parser("list", help="every plugin: origin, softs, search dirs, overrides",
                   parents=[common])
    info = sub.add_parser("info", help="one plugin in full", parents=[common])
    info.add_argument("name", help="the plugin's name as 'plugin list' shows it, or its last "
                      "part (cmake for tools.cmake)")
    new = sub.add_parser("new", help="write a working detection plugin, its cases and its test",
                         parents=[common])
    new.add_argument("name", help="the tool's command name (it runs 'NAME --version')")
    new.add_argument("--dir", help="where to write (default: the config dir's plugins/ folder, "
                                   "where envmgr finds it at once)")
    new.add_argument("--force", action="store_true", help="overwrite existing files")
    chk = sub.add_parser("check", help="check hooks, declarations and recorded cases",
                         parents=[common])
    chk.add_argument("target", nargs="?", metavar="PATH|NAME",
                     help="a plugin file, a folder of them, a plugin project, or a plugin name "
                          "(default: every builtin plugin)")


# -- list / info ------------------------------------------------------------------------


def _row(name: str, origin: str, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"name": name, "origin": origin, "module": "", "distribution": "",
                           "location": "", "softs": [], "search_dirs": [], "hooks": [],
                           "overrides": [], "overridden_by": [], "disabled": False,
                           "shadowed_by": "", "error": ""}
    row.update(kw)
    return row


def plugin_rows(em: Any) -> list[dict[str, Any]]:
    """Every plugin in precedence order, as the catalogue knows it: builtins from the index
    (not imported), external plugins imported, then shadowed and unknown disabled names."""
    cat = em.catalog
    host = em.host
    host.load_external(everything=True)
    rows: list[dict[str, Any]] = []
    by_name: dict[str, dict[str, Any]] = {}
    for ref in cat.refs():
        info = host.plugins.get(ref.name)
        if info is not None:
            row = _row(**info.to_json())
        else:  # a builtin not imported, or a disabled plugin
            meta = catalog.load_index()["modules"].get(ref.name, {}) \
                if ref.origin == "builtin" else {}
            softs = meta.get("softs", [])
            row = _row(ref.name, ref.origin, module=ref.module, location=ref.location,
                       distribution=ref.distribution,
                       softs=[s["name"] for s in softs] or [g[0] for g in ref.softs or ()],
                       search_dirs=list(dict.fromkeys(d for s in softs for d in s["search_dirs"])),
                       hooks=list(ref.hooks or ()))
        row["disabled"] = ref.disabled
        rows.append(row)
        by_name[ref.name] = row
    for soft, plugins in cat.overrides().items():
        for earlier, later in zip(plugins, plugins[1:], strict=False):
            by_name[later]["overrides"].append(f"{earlier}:{soft}")
            by_name[earlier]["overridden_by"].append(f"{later}:{soft}")
    for ref in cat.shadowed():
        rows.append(_row(ref.name, ref.origin, module=ref.module, location=ref.location,
                         distribution=ref.distribution, shadowed_by=ref.shadowed_by))
    for name in sorted(em.config.blocked - cat.names()):
        rows.append(_row(name, "unknown", disabled=True,
                         error="no plugin has this name; nothing to disable"))
    return rows


def _origin(row: dict[str, Any]) -> str:
    if row["origin"] == "entrypoint":
        return f"entrypoint ({row['distribution']})" if row["distribution"] else "entrypoint"
    if row["origin"] == "user":
        return f"user ({row['location'] or row['module']})"
    return str(row["origin"])


def _notes(row: dict[str, Any]) -> str:
    notes = []
    if row["disabled"]:
        notes.append("disabled")
    if row["shadowed_by"]:
        notes.append(f"shadowed by {row['shadowed_by']}")
    if row["error"]:
        notes.append(f"error: {row['error']}")
    if row["overrides"]:
        notes.append(f"overrides {', '.join(row['overrides'])}")
    if row["overridden_by"]:
        notes.append(f"overridden by {', '.join(row['overridden_by'])}")
    dirs = row["search_dirs"]
    if dirs:
        notes.append(f"searches {dirs[0]}" + (f" (+{len(dirs) - 1})" if len(dirs) > 1 else ""))
    hooks = [h.removeprefix("envmgr_") for h in row["hooks"] if h != "envmgr_softs"]
    if hooks:
        notes.append(f"hooks: {', '.join(hooks)}")
    return "; ".join(notes)


def _find_row(em: Any, name: str) -> dict[str, Any]:
    rows: dict[str, dict[str, Any]] = {}
    for r in plugin_rows(em):
        rows.setdefault(r["name"], r)  # a shadowed plugin's row is not the one in use
    if name in rows:
        return rows[name]
    import difflib

    # `tools.cmake` is also found as `cmake`, its last part
    tail = [r for n, r in rows.items() if n.rsplit(".", 1)[-1] == name]
    if len(tail) == 1:
        return tail[0]
    # compare with the full names and with their last parts (cmak ~ cmake ~ tools.cmake)
    by_tail = {n.rsplit(".", 1)[-1]: n for n in rows}
    close = list(dict.fromkeys(
        by_tail.get(c, c) for c in difflib.get_close_matches(name, [*rows, *by_tail], n=3)
    ))
    raise NotFoundError(
        f"no plugin '{name}'",
        ("did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close
        else "see 'envmgr plugin list'",
    )


def _cmd_list(args: argparse.Namespace, app: Any) -> int:
    rows = plugin_rows(app.em)
    if args.json:
        app.json(rows)
        return 0
    from envmgr.cli._format import table as _table

    table = [[r["name"], _origin(r), ",".join(r["softs"]) or "-", _notes(r)] for r in rows]
    app.out(_table(table, ["plugin", "origin", "softs", "notes"]))
    dirs = app.em.config.plugin_dirs
    app.out(f"\nuser plugin folders: {os.pathsep.join(dirs)}")
    return 0


def _cmd_info(args: argparse.Namespace, app: Any) -> int:
    row = _find_row(app.em, args.name)
    if args.json:
        app.json(row)
        return 0
    row = dict(row, origin=_origin(row))
    for k, v in row.items():
        if isinstance(v, list):
            v = ", ".join(v) or "-"
        elif isinstance(v, bool):
            v = "yes" if v else "no"
        app.out(f"{k:<14} {v if v not in ('', None) else '-'}")
    return 0


# -- new / check ------------------------------------------------------------------------


def _cmd_new(args: argparse.Namespace, app: Any) -> int:
    from envmgr.authoring.scaffold import names_for, scaffold

    folder = args.dir or os.path.join(app.em.config.config_dir, "plugins")
    files = scaffold(args.name, folder, force=args.force)
    names = names_for(args.name)
    active = os.path.abspath(folder) in app.em.config.plugin_dirs
    if args.json:
        app.json({"files": [str(f) for f in files], "active": active})
        return 0
    for f in files:
        app.out(f"wrote {f}")
    app.out("\nnext steps:")
    app.out(f"  python -m pytest {files[2]}")
    if active:
        app.out(f"  envmgr detect {names.soft}    # the plugin folder is read by envmgr: "
                "the plugin is active now")
    else:
        where = os.path.abspath(folder)
        app.out(f"  export ENVMGR_PLUGIN_PATH={where}    # so that envmgr finds it")
        app.out(f"  envmgr detect {names.soft}")
    app.out(f"  envmgr dev capture {names.soft} \"$(command -v {args.name})\" --append"
            "    # record the real output")
    return 0


def _check_target(app: Any, target: str | None) -> tuple[list[Any], int]:
    from envmgr.authoring import check

    if target is None:
        return check.check_builtins()
    if os.path.exists(target):
        return check.check_path(target)
    if os.sep in target or target.endswith(".py"):
        raise NotFoundError(f"no such file or folder: {target}",
                            "give a plugin file, a folder of them, or a plugin name")
    row = _find_row(app.em, target)
    if row["origin"] == "builtin":
        import importlib

        return check.check_module(importlib.import_module(row["module"]), row["name"]), 1
    if row["origin"] == "user" and row["location"].endswith(".py"):
        return check.check_path(row["location"])
    try:
        module = check.load_module(row["module"].split(":")[0])
    except Exception as exc:  # noqa: BLE001
        return [check.Problem(row["name"], f"cannot be imported: {type(exc).__name__}: {exc}")], 1
    return check.check_module(module, row["name"]), 1


def _cmd_check(args: argparse.Namespace, app: Any) -> int:
    problems, checked = _check_target(app, args.target)
    if not checked and not problems:
        raise UsageError(f"found no plugin in {args.target}",
                         "give a plugin file (*.py), a folder of them, or a plugin project")
    errors = [p for p in problems if not p.note]
    if args.json:
        app.json([{"where": p.where, "message": p.message, "note": p.note} for p in problems])
    else:
        for p in problems:
            app.out(str(p))
        app.flush()  # the summary comes last, also when both go to one pipe
        notes = len(problems) - len(errors)
        app.note(f"checked {_plural(checked, 'plugin')}: {_plural(len(errors), 'problem')}"
                 + (f", {_plural(notes, 'note')}" if notes else ""))
    return 1 if errors else 0


def _plural(n: int, word: str) -> str:
    return f"{n or 'no'} {word}{'' if n == 1 else 's'}"


def run(args: argparse.Namespace, app: Any) -> int:
    commands = {"list": _cmd_list, "info": _cmd_info, "new": _cmd_new, "check": _cmd_check}
    cmd = commands.get(getattr(args, "plugin_command", None) or "")
    if cmd is None:
        raise UsageError("name a plugin command: list, info, new or check",
                         "see 'envmgr plugin --help'")
    return cmd(args, app)


def register(commands: Any) -> None:
    commands.add("plugin", "list, inspect, create and check plugins",
                 lambda p: add_arguments(p, commands.common), run)
