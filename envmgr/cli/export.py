"""``envmgr export``: entries' environment written for Lmod, Tcl modules, direnv,
containers, Spack, a shell script or JSON."""

from __future__ import annotations

import os

from envmgr.errors import UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse

    from envmgr.cli.main import App, CommandCollector
    from envmgr.export.exporter import ExportRequest
    from envmgr.plugin.collectors import Exporters

__all__ = ["register", "cmd_export"]

EXAMPLES = """examples:
  envmgr export --tags=gcc,v12 --format lmod -o ~/modules/gcc/12.lua
  envmgr export --tags=python,v3.12 --tags=cmake --format direnv -o .   # writes ./.envrc
  envmgr export --all --format lmod -o /shared/modules    # then: module use /shared/modules
  envmgr export --tags=gcc --format spack -o ~/.spack/packages.yaml
  envmgr export --tags=cuda --format dockerfile -o ci/    # beside: envmgr lock -o ci/envmgr.lock
  envmgr export --list"""


def register(commands: CommandCollector) -> None:
    commands.add("export", "write the environment of entries for Lmod, direnv, containers, "
                 "Spack ...", _setup, cmd_export, examples=EXAMPLES)


def _setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tags", action="append", metavar="TAGS",
                   help="one entry per --tags group (repeatable), with its dependencies")
    p.add_argument("--version", help="version spec applied to each group")
    p.add_argument("--all", action="store_true",
                   help="every entry of the home: for lmod and tcl a module tree "
                        "(one module per entry, soft/version), needs -o DIR")
    p.add_argument("--format", "-f", metavar="FORMAT", help="lmod, tcl, direnv, sh, "
                   "dockerfile, apptainer, spack, json, or a plugin's (see --list)")
    p.add_argument("-o", "--output", metavar="FILE|DIR",
                   help="write there (an existing folder, or a path ending in /, gets the "
                        "format's file name); default: stdout")
    p.add_argument("--name", help="the module name (default: soft/version of the first entry)")
    p.add_argument("--lock", default="envmgr.lock", metavar="FILE",
                   help="dockerfile, apptainer: the lock file the image restores, relative "
                        "to the build folder (default: envmgr.lock)")
    p.add_argument("--base", metavar="IMAGE",
                   help="dockerfile, apptainer: the image to start from (default: "
                        "python:3.12-slim)")
    p.add_argument("--list", action="store_true", help="list the formats and exit")


def cmd_export(args: argparse.Namespace, app: App) -> int:
    from envmgr.export import build

    if args.list:
        return _list(app, build.gather(app.em))
    if not args.format:
        raise UsageError("'envmgr export' needs --format", "see 'envmgr export --list'")
    exporter = build.exporter(app.em, args.format)
    if args.all and args.tags:
        raise UsageError("give --tags or --all, not both")
    notes: list[str] = []
    lock, base = args.lock, args.base or ""
    if args.all:
        if args.name:
            raise UsageError("--name names one module; --all names each soft/version")
        files = build.render_home(exporter,
                                  build.home_requests(app.em, notes, lock=lock, base=base))
        if files is None:
            raise UsageError(f"the {args.format} format has no --all form",
                             "export a selection with --tags, or use lmod, tcl, spack or json")
        if not files:
            raise UsageError("the home has no entries to export", "run 'envmgr detect' first")
    elif not args.tags and _in_project():
        request = _project_request(app, args, notes)
        files = {exporter.path(request): build.render(exporter, request)}
    else:
        if not args.tags:
            raise UsageError("'envmgr export' needs --tags or --all (or an envmgr.toml here "
                             "or above)", "for example --tags=gcc,v12")
        from envmgr.store.query import parse_tags

        groups = [parse_tags(t) for t in args.tags]  # a blank group is parse_tags' error
        request = build.selection_request(app.em, groups, args.version, args.name, notes,
                                          lock=lock, base=base)
        files = {exporter.path(request): build.render(exporter, request)}
    for n in notes:
        app.note(n)
    return _write(app, args, files, exporter.tree and args.all)


def _in_project() -> bool:
    from envmgr.project.manifest import find

    return find() is not None


def _project_request(app: App, args: argparse.Namespace, notes: list[str]) -> ExportRequest:
    """The project's environment (its lock's entries and ``[env]``), synced first when
    the lock is stale."""
    from envmgr.cli.project import project_env
    from envmgr.project.environment import export_request
    from envmgr.project.manifest import find_or_fail, load

    if args.version:
        raise UsageError("--version goes with --tags; a project's needs carry their own")
    manifest = load(find_or_fail())
    _planned, entries = project_env(app, manifest)
    request: ExportRequest = export_request(app.em, manifest, entries, args.name,
                                            lock=args.lock, base=args.base or "", notes=notes)
    return request


def _write(app: App, args: argparse.Namespace, files: dict[str, str], tree: bool) -> int:
    from envmgr.export import build

    out = args.output
    if out is None or out == "-":
        if tree:
            raise UsageError(f"a {args.format} module tree is many files",
                             "give the folder to write it in with -o DIR")
        (text,) = files.values()
        app.write(text)
        return 0
    into_dir = tree or out.endswith(("/", os.sep)) or os.path.isdir(out)
    if into_dir:
        written = build.write_files(files, out)
    else:
        (text,) = files.values()
        build.write_file(out, text)
        written = [os.path.abspath(out)]
    if args.json:
        app.json({"format": args.format, "written": written})
    else:
        for path in written:
            app.out(path)
    return 0


def _list(app: App, exporters: Exporters) -> int:
    rows = [{"name": name, "summary": getattr(obj, "summary", ""),
             "file": getattr(obj, "filename", ""), "plugin": exporters.owner(name)}
            for name, obj in exporters.items()]
    if app.args.json:
        app.json(rows)
    else:
        width = max((len(r["name"] or "") for r in rows), default=0)
        for r in rows:
            app.out(f"{r['name']:<{width}}  {r['summary']}")
    return 0
