"""``envmgr fetch`` and ``envmgr mirror create``: downloads only; mirrors for air-gapped sites."""

from __future__ import annotations

from envmgr.errors import UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from envmgr.cli.main import App, CommandCollector

__all__ = ["register"]

FETCH_EXAMPLES = """examples:
  envmgr fetch model-mobilenet
  envmgr fetch hello@1.0 --mirror /srv/mirror
  envmgr fetch tool --variant cuda=12 --json"""

MIRROR_EXAMPLES = """examples:
  envmgr mirror create /srv/mirror model-mobilenet py-six
  envmgr mirror create /srv/mirror hello@1.0
  envmgr mirror create /srv/mirror --all --no-checksum
  ENVMGR_OFFLINE=1 envmgr install hello --mirror /srv/mirror"""


def register(commands: CommandCollector) -> None:
    commands.add("fetch", "download a recipe's sources into the cache, and nothing more",
                 _fetch_setup, cmd_fetch, examples=FETCH_EXAMPLES)
    commands.add("mirror", "fill a mirror folder for sites without the network",
                 lambda p: _mirror_setup(p, commands.common), cmd_mirror,
                 examples=MIRROR_EXAMPLES)


def _fetch_setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", nargs="+", metavar="NAME[@VERSION]",
                   help="recipes to fetch (the best version, or the one given)")
    p.add_argument("--variant", action="append", default=[], metavar="K=V,...",
                   help="variants of the recipe, e.g. cuda=12 (repeatable)")
    p.add_argument("--mirror", action="append", default=[], metavar="URL|DIR",
                   help="a mirror tried before upstream (repeatable)")
    p.add_argument("--no-checksum", action="store_true",
                   help="accept sources whose upstream publishes no checksum")


def _mirror_setup(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="mirror_command", metavar="MIRROR_COMMAND")
    c = sub.add_parser("create", help="copy every source of recipes into a mirror folder",
                       parents=[common])
    c.add_argument("dir", metavar="DIR", help="the mirror folder (created)")
    c.add_argument("target", nargs="*", metavar="NAME[@VERSION]",
                   help="recipes to mirror (every version, or the one given)")
    c.add_argument("--all", action="store_true", help="every recipe of the catalogue")
    c.add_argument("--mirror", action="append", default=[], metavar="URL|DIR",
                   help="another mirror to fetch from before upstream (repeatable)")
    c.add_argument("--no-checksum", action="store_true",
                   help="also mirror sources whose upstream publishes no checksum")


def _split(text: str) -> tuple[str, str | None]:
    name, _, version = text.partition("@")
    if not name:
        raise UsageError(f"cannot read '{text}'", "write NAME or NAME@VERSION")
    if name.startswith(("pypi:", "spack:", "eb:")):
        raise UsageError(f"'{text}' has no sources of its own to fetch",
                         "fetch a recipe by name")
    return name.lower(), version or None


def _fetch_one(app: App, recipe: Any, source: Any, mirrors: list[str], unchecked: bool,
               bar: Any) -> Any:
    from envmgr.cli.recipe import download_cache
    from envmgr.install.fetch.download import fetch

    try:
        every = list(dict.fromkeys([*mirrors, *app.em.config.mirrors]))
        return fetch(source, download_cache(app), name=recipe.name, mirrors=every,
                     allow_unchecked=unchecked, progress=bar, limits=app.em.config.fetch_limits)
    finally:
        if bar is not None:
            bar.close()


def cmd_fetch(args: argparse.Namespace, app: App) -> int:
    from envmgr.cli._progress import progress_for
    from envmgr.cli.install import _variants
    from envmgr.cli.recipe import load_named, pick_version
    from envmgr.install.fetch.mirror import host_platform

    variants = _variants(args.variant)
    bar = progress_for(app)
    rows = []
    for text in args.target:
        name, spec = _split(text)
        recipe = load_named(app, name)
        version = pick_version(recipe, spec)
        build = recipe.select(version, variants, host_platform())
        if not build.sources:
            app.note(f"{recipe.name}@{version} has no sources to fetch (its front-end, "
                     f"{build.frontend}, gets them itself)")
        for src in build.sources:
            got = _fetch_one(app, recipe, src, args.mirror, args.no_checksum, bar)
            rows.append({"name": recipe.name, "version": version, "url": got.url or src.url,
                         "path": str(got.path), "sha256": got.sha256, "size": got.size,
                         "cached": got.from_cache})
    if args.json:
        app.json(rows)
        return 0
    for r in rows:
        how = "already in the cache" if r["cached"] else f"from {r['url']}"
        app.out(f"{r['name']}@{r['version']}: {r['path']} ({r['size']} bytes, {how})")
    return 0


def cmd_mirror(args: argparse.Namespace, app: App) -> int:
    if getattr(args, "mirror_command", None) != "create":
        raise UsageError("name a mirror command: create", "see 'envmgr mirror --help'")
    from envmgr.cli._progress import progress_for
    from envmgr.cli.recipe import _index, load_named
    from envmgr.install.errors import FetchError, RecipeError
    from envmgr.install.fetch.mirror import add_to_mirror, all_sources

    if args.all and args.target:
        raise UsageError("give recipe names or --all, not both")
    if not args.all and not args.target:
        raise UsageError("name the recipes to mirror, or pass --all",
                         "see 'envmgr search' for names")
    from pathlib import Path

    root = Path(args.dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the mirror folder {root}: {exc.strerror or exc}") \
            from None
    targets = [(n, None) for n in _index(app).names()] if args.all else \
        [_split(t) for t in args.target]
    bar = progress_for(app)
    rows: list[dict[str, Any]] = []
    for name, version in targets:
        try:
            recipe = load_named(app, name)
        except RecipeError as exc:
            if not args.all:
                raise
            rows.append({"name": name, "status": "failed", "error": str(exc)})
            continue
        if version is not None and recipe.get_version(version) is None:
            have = ", ".join(recipe.version_names)
            raise UsageError(f"{recipe.name} has no version {version}; there are {have}")
        for site in all_sources(recipe, version):
            src = site.source
            row: dict[str, Any] = {"name": recipe.name, "version": site.version,
                                   "url": src.url, "filename": src.filename}
            if src.checksum is None and not args.no_checksum:
                row.update(status="skipped",
                           error=f"no published checksum ({src.unchecked_reason}); "
                                 "pass --no-checksum to mirror it")
                rows.append(row)
                continue
            try:
                got = _fetch_one(app, recipe, src, args.mirror, args.no_checksum, bar)
                added = add_to_mirror(root, recipe.name, src.filename, got.sha256, got.path)
            except FetchError as exc:
                row.update(status="failed", error=str(exc))
            except OSError as exc:
                row.update(status="failed",
                           error=f"cannot write into {root}: {exc.strerror or exc}")
            else:
                row.update(status="added" if added else "present", sha256=got.sha256,
                           size=got.size)
            rows.append(row)
    counts = {k: sum(1 for r in rows if r["status"] == k)
              for k in ("added", "present", "skipped", "failed")}
    if args.json:
        app.json({"mirror": str(root), "files": rows, **counts})
    else:
        for r in rows:
            what = f"{r['name']}@{r.get('version', '?')} {r.get('url', '')}".rstrip()
            if r["status"] in ("added", "present"):
                app.out(f"{r['status']:<8} {what} -> {r['name']}/{r['filename']}, "
                        f"by-sha256/{r['sha256']}")
            else:
                app.out(f"{r['status']:<8} {what}: {r['error']}")
        app.flush()
        app.note(f"mirror {root}: {counts['added']} added, {counts['present']} already "
                 f"there, {counts['skipped']} skipped, {counts['failed']} failed")
    return 1 if counts["failed"] else 0
