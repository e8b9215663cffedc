"""``envmgr recipe``: write, check, re-checksum and show recipes (like spack create/checksum)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from envmgr.errors import NotFoundError, UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Sequence
    from typing import Any

    from envmgr.cli.main import App, CommandCollector
    from envmgr.install.fetch.cache import DownloadCache
    from envmgr.install.recipe import Recipe, Source

__all__ = ["register", "load_named", "pick_version", "download_cache", "guess_version"]

EXAMPLES = """examples:
  envmgr recipe new hello --url https://example.org/hello-1.0.tar.gz
  envmgr recipe new py-six --frontend pip --url https://files.pythonhosted.org/.../six-1.16.0-py2.py3-none-any.whl
  envmgr recipe check ./hello.toml
  envmgr recipe check                      # every recipe of the catalogue
  envmgr recipe checksum hello --version 1.0
  envmgr recipe show model-mobilenet --json"""

_NAME = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")
_ARCHIVE = re.compile(r"\.(tar(\.(gz|bz2|xz|zst))?|tgz|tbz2?|txz|tzst|zip|whl|jar)$", re.I)


def register(commands: CommandCollector) -> None:
    commands.add("recipe", "write, check, re-checksum and show recipes",
                 lambda p: setup(p, commands.common), run, examples=EXAMPLES)


def setup(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="recipe_command", metavar="RECIPE_COMMAND")
    new = sub.add_parser("new", help="download a file and write a recipe that installs it",
                         parents=[common])
    new.add_argument("name", help="the recipe's (and soft's) name: [a-z0-9][a-z0-9._+-]*")
    new.add_argument("--url", required=True, help="the file to install (an archive or a file)")
    new.add_argument("--version", help="the version (default: read from the file name)")
    new.add_argument("--frontend", choices=["download", "pip"], default="download",
                     help="download (unpack the file) or pip (a wheel or sdist of PyPI)")
    new.add_argument("--dir", help="where to write NAME.toml (default: the config dir's "
                                   "recipes/ folder, where envmgr finds it at once)")
    new.add_argument("--force", action="store_true", help="overwrite an existing recipe file")
    chk = sub.add_parser("check", help="validate against the schema and lint",
                         parents=[common])
    chk.add_argument("target", nargs="*", metavar="FILE|NAME",
                     help="recipe files or names (default: every recipe of the catalogue)")
    cs = sub.add_parser("checksum", help="download the sources again and compare checksums",
                        parents=[common])
    cs.add_argument("name", metavar="NAME", help="a recipe name or file")
    cs.add_argument("--version", help="only this version (default: every version)")
    show = sub.add_parser("show", help="versions, variants, sources, licence, front-end",
                          parents=[common])
    show.add_argument("name", metavar="NAME", help="a recipe name or file")


def run(args: argparse.Namespace, app: App) -> int:
    commands = {"new": _cmd_new, "check": _cmd_check, "checksum": _cmd_checksum,
                "show": _cmd_show}
    cmd = commands.get(getattr(args, "recipe_command", None) or "")
    if cmd is None:
        raise UsageError("name a recipe command: new, check, checksum or show",
                         "see 'envmgr recipe --help'")
    return cmd(args, app)


# -- shared with envmgr fetch / mirror ----------------------------------------------------


def _index(app: App) -> Any:
    from envmgr.install.session import InstallSession

    return InstallSession(app.em).index


def _locate(app: App, text: str) -> str:
    """A recipe file: ``text`` itself when it is a path, else the catalogue's file."""
    if text.endswith(".toml") or os.sep in text:
        if not os.path.isfile(text):
            raise NotFoundError(f"no recipe file {text}")
        return text
    index = _index(app)
    path = index.location(text)
    if path is None:
        import difflib

        close = difflib.get_close_matches(text, index.names(), n=3, cutoff=0.6)
        raise NotFoundError(f"no recipe named '{text}'",
                            f"did you mean {' or '.join(close)}?" if close
                            else "see 'envmgr search'")
    return str(path)


def load_named(app: App, text: str) -> Recipe:
    """The recipe a name (from the catalogue) or a file names; errors say which and why."""
    from envmgr.install.recipe import load_recipe

    return load_recipe(_locate(app, text))


def pick_version(recipe: Recipe, spec: str | None) -> str:
    """The best version matching ``spec`` (a prefix like ``1.2`` or a spec like ``>=1``)."""
    from envmgr.versions import Version, VersionSpec

    ok = [v for v in recipe.versions if not spec or VersionSpec(spec).contains(v.version)]
    if not ok:
        have = ", ".join(recipe.version_names)
        raise UsageError(f"no version of {recipe.name} matches {spec}; there are {have}",
                         f"ask for one of {have}")
    return max(ok, key=lambda v: (not v.deprecated, Version(v.version))).version


def download_cache(app: App) -> DownloadCache:
    """The home's shared download cache."""
    from envmgr.install.fetch.cache import DownloadCache

    return DownloadCache(Path(app.em.config.home) / "cache" / "downloads")


def guess_version(filename: str) -> str | None:
    """The version in a release file's name: ``tool-1.2.3.tar.gz`` → ``1.2.3``, a wheel's
    second field."""
    if filename.endswith(".whl"):
        parts = filename[:-4].split("-")
        return parts[1] if len(parts) >= 5 else None
    stem = _ARCHIVE.sub("", filename)
    stem = re.sub(r"[.-](linux|darwin|macos|windows|win\d*|x86_64|amd64|aarch64|arm64|"
                  r"noarch|src|source|bin)([.-].*)?$", "", stem, flags=re.I)
    m = re.search(r"(?:^|[-_])v?(\d+(?:\.\d+)*(?:[.-]?(?:a|b|rc|alpha|beta|post|dev)\d*)?)$",
                  stem)
    return m.group(1) if m else None


# -- new ----------------------------------------------------------------------------------


def _toml(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))


def _layout(path: Path, filename: str, scratch: Path, limits: Any = None
            ) -> tuple[int, list[str], bool]:
    """(strip_components, files after stripping, has bin/) of an archive, by extracting it
    safely into ``scratch`` (an unsafe archive is refused here already)."""
    from envmgr.install.fetch.extract import extract

    link = scratch / filename  # extract() reads the kind from the name
    os.symlink(path, link)
    out = extract(link, scratch / "x", limits=limits)
    tops = list(out.iterdir())
    strip = 1 if len(tops) == 1 and tops[0].is_dir() and not tops[0].is_symlink() else 0
    base = tops[0] if strip else out
    files = sorted(str(p.relative_to(base)) for p in base.rglob("*")
                   if p.is_file() and not p.is_symlink())
    return strip, files, (base / "bin").is_dir()


def _new_text(name: str, version: str, url: str, sha256: str, size: int, frontend: str,
              layout: tuple[int, list[str], bool] | None, filename: str) -> str:
    lines = ["# written by 'envmgr recipe new'; check the summary, licence and smoke test",
             "schema_version = 1", f"name = {_toml(name)}",
             f"summary = {_toml(f'{name} {version}, from {filename}')}"]
    if frontend == "pip":
        package = filename.split("-", 1)[0] if filename.endswith(".whl") else \
            re.sub(r"-\d.*$", "", _ARCHIVE.sub("", filename))
        lines += ['category = "python-package"', f"tags = {_toml(['python-package', name])}"]
    else:
        lines.append(f"tags = {_toml([name])}")
    lines += ["", "[[versions]]", f"version = {_toml(version)}", "[[versions.sources]]",
              f"url = {_toml(url)}", f"sha256 = {_toml(sha256)}", f"size = {size}"]
    if frontend == "pip":
        lines += ["", "[[dependencies]]", 'tags = ["python"]', "", "[frontend]", 'name = "pip"',
                  f"settings = {_toml({'package': package})}", "", "[tests]",
                  "commands = " + _toml([["python", "-c", "import importlib.metadata as m; "
                                          f"m.distribution({package!r})"]])]
        return "\n".join(lines) + "\n"
    strip, files, has_bin = layout if layout is not None else (0, [filename], False)
    if layout is not None:
        if strip:
            lines.append(f"strip_components = {strip}")
    else:
        lines.append("extract = false")
    lines += ["", "[frontend]", 'name = "download"']
    if has_bin:
        lines += ["", "[provides]", 'bin = ["bin"]']
    check = [f for f in files if f.startswith("bin/")][:1] or files[:1]
    lines += ["", "[tests]", f"files = {_toml(check)}"]
    return "\n".join(lines) + "\n"


def _cmd_new(args: argparse.Namespace, app: App) -> int:
    import tempfile

    from envmgr.cli._progress import progress_for
    from envmgr.install.fetch.download import fetch
    from envmgr.install.recipe import Source, load_recipe

    name = args.name
    if not _NAME.match(name):
        raise UsageError(f"'{name}' is not a recipe name",
                         "use lower-case letters, digits and . _ + - (starting with a letter "
                         "or digit)")
    if not re.match(r"^(https?|ftp|file)://\S+$", args.url):
        raise UsageError(f"'{args.url}' is not an http(s), ftp or file URL")
    filename = args.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    from urllib.parse import unquote

    filename = unquote(filename)
    if not filename:
        raise UsageError(f"{args.url} names no file", "give the URL of the file itself")
    version = args.version or guess_version(filename)
    if not version or not re.search(r"\d", version):
        raise UsageError(f"cannot tell the version from {filename}", "pass --version V")
    folder = Path(args.dir) if args.dir else Path(app.em.config.config_dir) / "recipes"
    dest = folder / f"{name}.toml"
    if dest.exists() and not args.force:
        raise UsageError(f"{dest} exists; nothing written", "pass --force to overwrite it")
    bar = progress_for(app)
    try:
        got = fetch(Source(url=args.url, filename=filename, unchecked_reason="recipe new"),
                    download_cache(app), name=name, allow_unchecked=True, progress=bar,
                    limits=app.em.config.fetch_limits)
    finally:
        if bar is not None:
            bar.close()
    layout = None
    if args.frontend == "download" and _ARCHIVE.search(filename) \
            and not filename.endswith(".whl"):
        with tempfile.TemporaryDirectory(prefix="envmgr-recipe-new-") as scratch:
            layout = _layout(got.path, filename, Path(scratch), app.em.config.fetch_limits)
    text = _new_text(name, version, args.url, got.sha256, got.size, args.frontend, layout,
                     filename)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
        tmp.write_text(text)
        os.replace(tmp, dest)  # a reader sees the whole recipe or none
    except OSError as exc:
        raise UsageError(f"cannot write {dest}: {exc.strerror or exc}") from None
    load_recipe(dest)  # what we wrote validates, or this is our bug and says so
    if args.json:
        app.json({"path": str(dest), "name": name, "version": version, "url": args.url,
                  "sha256": got.sha256, "size": got.size, "frontend": args.frontend})
        return 0
    app.out(f"wrote {dest}")
    app.out(f"  {args.url}")
    app.out(f"  sha256 {got.sha256}, {got.size} bytes")
    app.out("")
    app.out("next steps:")
    app.out(f"  envmgr recipe check {dest}")
    app.out(f"  envmgr install {name} --dry-run")
    if args.dir and not _on_recipe_path(app, folder):
        app.out(f"  export ENVMGR_RECIPE_PATH={folder}    # so that envmgr finds it")
    return 0


def _on_recipe_path(app: App, folder: Path) -> bool:
    index = _index(app)
    return os.path.abspath(folder) in [d for _o, d in index.folders()]


# -- check --------------------------------------------------------------------------------


def _lint_sources(recipe: Recipe) -> Iterable[tuple[str, str, bool]]:
    """(key, message, is_note): a plain-http upstream URL is a problem, a plain-http mirror
    of it a note (the checksum still guards its bytes)."""
    from envmgr.install.fetch.mirror import all_sources

    for site in all_sources(recipe):
        src = site.source
        for i, url in enumerate(src.urls):
            if not url.startswith("https://"):
                key = f"{site.where}.url" if i == 0 else f"{site.where}.mirrors[{i - 1}]"
                yield key, f"{url} is not https (the checksum guards the bytes; https also " \
                           "keeps what is said about them from being tampered with)", i > 0
        if src.checksum is None:
            yield f"{site.where}.checksum", f"{src.url} has no published checksum " \
                f"({src.unchecked_reason}): installs need --no-checksum; add upstream's " \
                "sha256 when there is one ('envmgr recipe checksum' prints what it sees)", True
        elif src.checksum[0] == "md5":
            yield f"{site.where}.md5", f"{src.url} is checked by md5 only; prefer a sha256 " \
                                       "where upstream publishes one", True


def _lint(recipe: Recipe) -> list[tuple[str, str, bool]]:
    out = list(_lint_sources(recipe))
    # a recipe that only says why it cannot be downloaded installs nothing to test
    unavailable = bool(recipe.frontend.settings.get("unavailable"))
    if not recipe.tests.commands and not recipe.tests.files and not unavailable:
        out.append(("tests", "no smoke test: add tests.files or tests.commands, so that a "
                             "broken install is never recorded", False))
    return out


def _cmd_check(args: argparse.Namespace, app: App) -> int:
    from envmgr.install.errors import RecipeError
    from envmgr.install.recipe import checksum_conflicts, load_recipe

    index = _index(app)
    files = [_locate(app, t) for t in args.target] if args.target else \
        [str(item["path"]) for item in index.items()]
    problems: list[dict[str, Any]] = []
    checked: list[Recipe] = []
    for path in files:
        try:
            recipe = load_recipe(path)
        except RecipeError as exc:
            problems.append({"file": exc.file, "key": exc.key, "message": exc.reason,
                             "note": False})
            continue
        checked.append(recipe)
        problems += [{"file": path, "key": key, "message": msg, "note": note}
                     for key, msg, note in _lint(recipe)]
    # one checksum per URL across the whole catalogue: the checked recipes come last, so a
    # clash is reported against them
    mine = {str(r.path) for r in checked}
    others: list[Recipe] = []
    for item in index.items():
        if str(item["path"]) in mine or os.path.abspath(str(item["path"])) in mine:
            continue
        try:
            others.append(load_recipe(str(item["path"])))
        except RecipeError:
            continue  # reported when that recipe itself is checked
    for clash in checksum_conflicts([*others, *checked]):
        if clash.file in mine:
            problems.append({"file": clash.file, "key": clash.key, "message": clash.reason,
                             "note": False})
    errors = [p for p in problems if not p["note"]]
    if args.json:
        app.json({"checked": len(files), "problems": problems})
    else:
        for p in problems:
            where = f"{p['file']}: {p['key']}" if p["key"] else p["file"]
            app.out(f"{where}: {'note: ' if p['note'] else ''}{p['message']}")
        app.flush()
        n, notes = len(errors), len(problems) - len(errors)
        app.note(f"checked {len(files)} recipe{'s' if len(files) != 1 else ''}: "
                 f"{n or 'no'} problem{'s' if n != 1 else ''}"
                 + (f", {notes} note{'s' if notes != 1 else ''}" if notes else ""))
    return 1 if errors else 0


# -- checksum -----------------------------------------------------------------------------


def _recheck(app: App, recipe: Recipe, sites: Sequence[Any]) -> list[dict[str, Any]]:
    """Download every source again (into a scratch cache, bypassing the shared one) and
    compare what the bytes hash to with what the recipe says."""
    import tempfile
    from dataclasses import replace

    from envmgr.cli._progress import progress_for
    from envmgr.install.errors import FetchError
    from envmgr.install.fetch.cache import DownloadCache
    from envmgr.install.fetch.checksum import hash_file
    from envmgr.install.fetch.download import fetch

    rows = []
    bar = progress_for(app)
    with tempfile.TemporaryDirectory(prefix="envmgr-checksum-") as scratch:
        for site in sites:
            src: Source = site.source
            blind = replace(src, sha256=None, md5=None, unchecked_reason="recipe checksum")
            row: dict[str, Any] = {"version": site.version, "url": src.url, "key": site.where,
                                   "expected": (f"{src.checksum[0]}:{src.checksum[1]}"
                                                if src.checksum else None)}
            try:
                got = fetch(blind, DownloadCache(scratch), name=recipe.name,
                            allow_unchecked=True, progress=bar,
                            limits=app.em.config.fetch_limits)
            except FetchError as exc:
                row.update(status="failed", error=str(exc))
                rows.append(row)
                continue
            finally:
                if bar is not None:
                    bar.close()
            seen = f"sha256:{got.sha256}"
            if src.checksum is not None and src.checksum[0] != "sha256":
                algo = src.checksum[0]
                seen = f"{algo}:{hash_file(got.path, [algo])[algo]}"
            row.update(got=seen, sha256=got.sha256, size=got.size, url=got.url or src.url)
            if src.checksum is None:
                row["status"] = "unchecked"
            elif seen == row["expected"] and (src.size is None or src.size == got.size):
                row["status"] = "ok"
            else:
                row["status"] = "mismatch"
            rows.append(row)
    return rows


def _cmd_checksum(args: argparse.Namespace, app: App) -> int:
    from envmgr.install.fetch.mirror import all_sources

    recipe = load_named(app, args.name)
    if args.version is not None and recipe.get_version(args.version) is None:
        have = ", ".join(recipe.version_names)
        raise UsageError(f"{recipe.name} has no version {args.version}; there are {have}",
                         f"ask for one of {have}")
    sites = list(all_sources(recipe, args.version))
    rows = _recheck(app, recipe, sites)
    if args.json:
        app.json(rows)
    else:
        for r in rows:
            head = f"{recipe.name}@{r['version']} {r['url']}"
            if r["status"] == "ok":
                app.out(f"ok        {head} {r['got']}")
            elif r["status"] == "unchecked":
                app.out(f"unchecked {head}: none published; the bytes have {r['got']} "
                        f"({r['size']} bytes)")
            elif r["status"] == "mismatch":
                app.out(f"MISMATCH  {head}: the recipe says {r['expected']}, the bytes have "
                        f"{r['got']} ({r['size']} bytes)")
            else:
                app.out(f"FAILED    {head}: {r['error']}")
    bad = [r for r in rows if r["status"] in ("mismatch", "failed")]
    return 1 if bad else 0


# -- show ---------------------------------------------------------------------------------


def _show_json(recipe: Recipe, app: App) -> dict[str, Any]:
    from envmgr.install.fetch.mirror import all_sources

    return {
        "name": recipe.name, "summary": recipe.summary, "category": recipe.category,
        "tags": list(recipe.tags), "license": recipe.license, "homepage": recipe.homepage,
        "frontend": recipe.frontend.name, "path": str(recipe.path or ""),
        "versions": [{"version": v.version, "deprecated": v.deprecated}
                     for v in recipe.versions],
        "variants": [{"name": v.name, "values": list(v.values), "default": v.default,
                      "description": v.description} for v in recipe.variants.values()],
        "sources": [{"version": s.version, "url": s.source.url,
                     "mirrors": list(s.source.mirrors), "sha256": s.source.sha256,
                     "md5": s.source.md5, "size": s.source.size,
                     "filename": s.source.filename, "key": s.where}
                    for s in all_sources(recipe)],
    }


def _cmd_show(args: argparse.Namespace, app: App) -> int:
    recipe = load_named(app, args.name)
    data = _show_json(recipe, app)
    if args.json:
        app.json(data)
        return 0
    versions = ", ".join(v["version"] + (" (deprecated)" if v["deprecated"] else "")
                         for v in data["versions"])
    rows = [("name", recipe.name), ("summary", recipe.summary),
            ("category", recipe.category or "-"), ("tags", ", ".join(recipe.tags) or "-"),
            ("license", recipe.license or "-"), ("homepage", recipe.homepage or "-"),
            ("frontend", recipe.frontend.name), ("file", data["path"] or "-"),
            ("versions", versions)]
    for var in data["variants"]:
        rows.append(("variant", f"{var['name']} = {var['default']} (values: "
                                f"{', '.join(var['values'])})"))
    for key, value in rows:
        app.out(f"{key:<10} {value}")
    app.out("sources")
    for s in data["sources"]:
        check = f"sha256:{s['sha256']}" if s["sha256"] else \
            f"md5:{s['md5']}" if s["md5"] else "no published checksum"
        size = f"{s['size']} bytes" if s["size"] is not None else "size unknown"
        app.out(f"  {s['version']}  {s['url']}")
        app.out(f"      {check}, {size}")
        for m in s["mirrors"]:
            app.out(f"      mirror {m}")
    return 0
