"""``envmgr install`` and ``envmgr uninstall``: recipes into prefixes, and back out."""

from __future__ import annotations

from envmgr.errors import EnvmgrError, NotFoundError, UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from envmgr.cli.main import App, CommandCollector

__all__ = ["register"]

INSTALL_EXAMPLES = """examples:
  envmgr install py-six --dry-run
  envmgr install py-six
  envmgr install pypi:six==1.16.0
  envmgr install spack:zlib@1.3.1
  envmgr install eb:bzip2-1.0.8.eb
  envmgr install model-mobilenet --dry-run --json
  envmgr install --tags=python-package,six --mirror /srv/mirror
  envmgr install tool@1.2 --variant cuda=12 --no-checksum"""

UNINSTALL_EXAMPLES = """examples:
  envmgr uninstall py-six-3f2a9c1b2d4e
  envmgr uninstall --tags=py-six
  envmgr uninstall --tags=python,installed --yes --force
  envmgr uninstall --tags=spack-built,zlib --keep-build"""


def register(commands: CommandCollector) -> None:
    commands.add("install", "install recipes (with their dependencies) into the home",
                 _install_setup, cmd_install, examples=INSTALL_EXAMPLES)
    commands.add("uninstall", "remove installed entries and their prefixes",
                 _uninstall_setup, cmd_uninstall, examples=UNINSTALL_EXAMPLES)


def _install_setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", nargs="*",
                   help="NAME, NAME@VERSION, pypi:NAME[==VERSION], spack:SPEC or "
                        "eb:EASYCONFIG")
    p.add_argument("--tags", action="append", default=[],
                   help="install what has these comma-separated tags (repeatable)")
    p.add_argument("--version", help="version spec, e.g. '>=1.2,<2'")
    p.add_argument("--variant", action="append", default=[], metavar="K=V,...",
                   help="variants of the recipe, e.g. cuda=12 (repeatable)")
    p.add_argument("--frontend", metavar="F", help="use this front-end instead of the recipe's")
    p.add_argument("--dry-run", action="store_true",
                   help="print the plan (reuse, detect, install) and do nothing")
    p.add_argument("--mirror", action="append", default=[], metavar="URL|DIR",
                   help="a mirror tried before upstream (repeatable)")
    p.add_argument("--no-checksum", action="store_true",
                   help="accept sources whose upstream publishes no checksum "
                        "(the sha256 seen is recorded)")
    p.add_argument("--verify", action="store_true",
                   help="run the smoke test of installs that would be reused; one that "
                        "fails is installed again")


def _uninstall_setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("uid", nargs="*", help="entry uids (or unique starts of uids)")
    p.add_argument("--tags", help="comma-separated tags, all required")
    p.add_argument("--version", help="version spec, e.g. '>=3.9,<3.12'")
    p.add_argument("--force", action="store_true",
                   help="remove even while other entries depend on it")
    p.add_argument("--yes", action="store_true",
                   help="remove every install --tags matches")
    p.add_argument("--keep-build", action="store_true",
                   help="leave what a tool built in its own store (a Spack spec, an "
                        "EasyBuild module); only envmgr's entry and folder go")


def _variants(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            key, eq, val = part.partition("=")
            if not eq or not key.strip() or not val.strip():
                raise UsageError(f"cannot read --variant '{part}'", "write --variant NAME=VALUE")
            out[key.strip()] = val.strip()
    return out


def _already_installed(args: argparse.Namespace, app: App) -> list[Any] | None:
    """For ``install NAME[@VERSION]...`` or ``eb:EASYCONFIG`` (no tags, variants, dry run
    or JSON; with ``--frontend``, an entry that front-end built): the installed entries the
    resolver would reuse, or None when any target needs the full plan. It reads the
    registry only, so a second install of one thing loads no recipe and no plugin (the
    resolver reuses the newest entry of that name and version spec, and so does this)."""
    if args.dry_run or args.json or args.tags or args.variant or args.verify \
            or not args.target:
        return None
    from envmgr.versions import Version, VersionSpec

    out = []
    entries = None
    for text in args.target:
        name, _, at = text.strip().partition("@")
        easyconfig = text.strip()[3:] if text.strip().startswith("eb:") else None
        if name.startswith("pypi:") and not at:  # pypi:NAME[==VERSION], as parse_target
            import re

            m = re.match(r"^pypi:([A-Za-z0-9][A-Za-z0-9._-]*)(?:==([^\s,;@]+))?$", name)
            if not m or (m.group(2) and args.version):
                return None
            name, at = "py-" + re.sub(r"[-_.]+", "-", m.group(1)).lower(), m.group(2) or ""
        if not name or (":" in name and easyconfig is None) or (at and args.version):
            return None
        spec = at or args.version
        if entries is None:
            entries = [e for e in app.em.find(include_stale=False)
                       if e.attrs.get("role") not in ("companion", "part")]
        if easyconfig is not None:  # what an earlier `install eb:EASYCONFIG` built
            mine = [e for e in entries if "eb-built" in e.tags
                    and (e.attrs.get("easybuild") or {}).get("easyconfig") == easyconfig]
        else:
            mine = [e for e in entries if e.soft == name.lower()
                    and (not spec or VersionSpec(spec).contains(e.version))]
        if not mine:
            return None
        best = max(mine, key=lambda e: (Version(e.version), e.uid))
        if best.source != "installed" or not best.present():
            return None  # a detected soft, or files gone: the plan says what happens
        install = best.attrs.get("install")
        if args.frontend and not (isinstance(install, dict)
                                  and install.get("frontend") == args.frontend):
            return None  # built another way: the plan decides
        out.append(best)
    return out


def cmd_install(args: argparse.Namespace, app: App) -> int:
    variants = _variants(args.variant)
    if not args.target and not args.tags:
        raise UsageError("name what to install, or give --tags", "see 'envmgr search'")
    done = _already_installed(args, app)
    if done is not None:
        for e in done:
            app.out(f"{e.soft} {e.version} is already installed: entry {e.uid} ({e.prefix})")
        return 0
    from envmgr.cli._progress import progress_for, status_for
    from envmgr.install.resolver import Request
    from envmgr.install.session import InstallSession, parse_target
    from envmgr.store.query import parse_tags

    bar = progress_for(app)
    status = status_for(app)

    def note(text: str) -> None:
        if status is not None:
            status.close()
        app.note(text)

    session = InstallSession(app.em, mirrors=args.mirror, allow_unchecked=args.no_checksum,
                             note=note, progress=bar, status=status)
    requests = []
    for text in args.target:
        req, recipe = parse_target(text, args.version, variants, args.frontend)
        if recipe is not None:
            session.extra[recipe.name] = recipe
        requests.append(req)
    for tags in args.tags:
        requests.append(Request(tags=tuple(parse_tags(tags)), version=args.version,
                                variants=variants, frontend=args.frontend))
    plan = session.plan_verified(requests) if args.verify else session.plan(requests)
    if args.dry_run:
        if args.json:
            app.json(plan.to_json())
        else:
            app.out(plan.tree())
        return 0
    installer = session.installer(plan)
    try:
        outcomes = installer.execute(plan)
    except EnvmgrError as exc:
        if args.json:  # the error goes to stderr as always; the kept logs to stdout
            app.json({"plan": plan.to_json(), "error": exc.message, "logs": installer.logs})
        raise
    finally:
        if bar is not None:
            bar.close()
        if status is not None:
            status.close()
    if args.json:
        app.json({"plan": plan.to_json(), "outcomes": [o.to_json() for o in outcomes],
                  "logs": installer.logs})
        return 0
    roots = set(plan.roots)
    for o in outcomes:
        if o.step.key not in roots and o.action in ("reused", "detected"):
            continue
        e = o.entry
        if o.action == "installed":
            app.out(f"installed {e.soft} {e.version}: entry {e.uid} ({e.prefix})")
        elif o.action == "already" or e.source == "installed":
            app.out(f"{e.soft} {e.version} is already installed: entry {e.uid} ({e.prefix})")
        else:
            app.out(f"{e.soft} {e.version} is already here ({o.action}): entry {e.uid} "
                    f"({e.prefix or e.executable or ''})")
    return 0


def cmd_uninstall(args: argparse.Namespace, app: App) -> int:
    from envmgr.cli.entries import local_only
    from envmgr.store.query import parse_tags

    if args.uid:
        entries = local_only([app.em.get(u) for u in args.uid], True, app)
    elif args.tags:
        entries = [e for e in app.em.find(parse_tags(args.tags), args.version,
                                          include_stale=True)
                   if e.source == "installed" and e.attrs.get("role") is None]
        entries = local_only(entries, False, app) if entries else entries
        if not entries:
            raise NotFoundError(f"no installed entry matches --tags={args.tags}; nothing "
                                "removed", "see 'envmgr list --tags=installed'")
        if len(entries) > 1 and not args.yes:
            raise UsageError(f"--tags matches {len(entries)} installs; nothing removed",
                             "add --yes to remove them all, or name uids")
    else:
        raise UsageError("give a uid or --tags", "see 'envmgr list --tags=installed'")
    removed = app.em.uninstall(entries, force=args.force, keep_build=args.keep_build)
    if args.json:
        app.json([e.to_json() for e in removed])
    else:
        for e in removed:
            app.out(f"removed {e.uid}  {e.soft} {e.version} ({e.install_folder or e.prefix})")
            for what in e.attrs.get("removed_build", ()):
                app.out(f"  and {what}")
    return 0
