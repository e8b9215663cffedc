"""The ``easybuild`` front-end: a detected ``eb``, with Lmod, into a store under the home.

``eb EASYCONFIG --robot`` runs with ``--installpath <home>/install/.eb`` (one EasyBuild
tree shared by every EasyBuild install, as EasyBuild expects: what ``--robot`` builds for
one install is reused by the next; a dot name, so ``envmgr gc`` leaves it alone),
``--buildpath`` and ``--repositorypath`` beside it, and ``--sourcepath
<home>/install/.eb/sources`` first, fed from envmgr's download cache: a recipe's sources
are fetched and checked there, then linked in as ``<letter>/<name>/<file>``, where
EasyBuild looks; the ``sourcepath`` setting's folders and ``$EASYBUILD_SOURCEPATH``
follow it. Other ``EASYBUILD_*`` variables
(``ROBOT_PATHS``, ``INCLUDE_EASYBLOCKS`` ...) reach ``eb`` as they are.

EasyBuild needs Lmod: ``LMOD_CMD`` comes from the detected ``lmod`` entry (or the
environment). ``eb`` runs in the environment ``envmgr shell`` gives the step's
dependencies (``context.tool_env()``: an envmgr-installed EasyBuild's ``EB_PYTHON``
names its own Python). ``EASYBUILD_ALLOW_USE_AS_ROOT_AND_ACCEPT_CONSEQUENCES=1`` is set
only when envmgr runs as root (EasyBuild refuses root otherwise). One build at a time in
the tree (a file lock); EasyBuild's own install locks that a killed ``eb`` left are
removed under it.

The module name comes from eb's output (``== building and installing toy/0.0...``, or
``eb --dry-run``'s ``(module: toy/0.0)`` where it says nothing); the prefix is
``<installpath>/software/<module>``, or ``EBROOT<NAME>`` as the module file sets it, and
is the entry's prefix (``Provided.prefix``). What ``module load`` of that module does is
asked of Lmod (:mod:`envmgr.activate.modules`) and recorded as the entry's ``env_ops``,
which ``envmgr shell`` applies; the entry's ``paths`` are the module's dirs inside the
prefix. envmgr's folder under ``<home>/install`` holds ``easybuild.json`` and a
``software`` link to the prefix. ``uninstall`` removes the software folder and the module
file (unless another module of the tree loads it, or ``--keep-build``).

A failure shows EasyBuild's last ``ERROR:`` line in full, the failing shell command, the
last lines of its output, EasyBuild's log and envmgr's; progress is EasyBuild's ``==``
step lines.

Dependencies ``--robot`` would build that envmgr has found on the machine (its
externals: ``binutils 2.40 (/usr)``, recorded by ``envmgr detect``) are left to the
system with ``--filter-deps``, as Spack gets them as externals; the ``filter_deps``
setting (or ``$EASYBUILD_FILTER_DEPS``) names them instead.

Settings (config.toml ``[frontends.easybuild]``): ``sourcepath = ["/site/sources"]``
(folders of sources, after envmgr's own), ``filter_deps = ["binutils"]``
(``--filter-deps``: dependencies left to the system; ``[]``: none), ``options =
["--parallel=4"]`` (more ``eb`` arguments).

Recipe settings (``[frontend.settings]``): ``easyconfig = "bzip2-1.0.8.eb"`` (a name on
the robot path, or a file; default ``NAME-VERSION.eb``), ``name = "bzip2"`` (the
software's name in source folders; default the recipe's), ``options`` (more ``eb``
arguments). A recipe built by another front-end may name the easyconfig of each version,
``easyconfigs = { "1.5.7" = "zstd-1.5.7-GCCcore-15.2.0.eb" }``, used when ``--frontend
easybuild`` is asked for that version.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envmgr.install.frontend import BuildContext, EnvOp, Frontend, Provided, Tool
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.install.recipe import Build
    from envmgr.plugin.collectors import Frontends
    from envmgr.store.entry import Entry

__all__ = ["EasyBuildFrontend", "envmgr_register_frontends", "eb_root", "module_of",
           "built_module", "paths_of", "eb_failure"]

HOW_TO_GET = ("install it with `envmgr install easybuild` (pip's easybuild) or put `eb` "
              "on PATH and run `envmgr detect easybuild`")
LMOD_HOW_TO_GET = ("install Lmod (apt-get install lmod, dnf install Lmod) and run "
                   "`envmgr detect lmod`")
LMOD_PLACES = ("/usr/share/lmod/lmod/libexec/lmod", "/opt/apps/lmod/lmod/libexec/lmod")

_MODULE = re.compile(r"^\s*\*\s*\[(?P<done>.)\]\s+(?P<ec>\S+)\s+\(module:\s*(?P<module>[^)\s]+)\)")


_BUILT = re.compile(r"^== (?:building and installing (?P<built>\S+?)\.\.\.|"
                    r"(?P<found>\S+) is already installed \(module found\), skipping)\s*$")


def built_module(output: str) -> str | None:
    """The module of the requested easyconfig, from eb's own output: the last ``==
    building and installing MODULE...`` line (``--robot`` builds dependencies first), or
    ``== MODULE is already installed (module found), skipping``."""
    found = [m.group("built") or m.group("found")
             for m in map(_BUILT.match, output.splitlines()) if m]
    return found[-1] if found else None


def _to_build(dry_run: str) -> list[str]:
    """The modules ``eb --dry-run`` marks as not installed yet (``* [ ] ...``)."""
    return [m.group("module") for m in map(_MODULE.match, dry_run.splitlines())
            if m and m.group("done") == " "]


def eb_root(home: str | Path) -> Path:
    """``<home>/install/.eb``: EasyBuild's install path, sources, builds and repository."""
    return Path(home) / "install" / ".eb"


def module_of(dry_run: str, easyconfig: str) -> str | None:
    """The module name ``eb --dry-run`` gives the requested easyconfig (robot-resolved
    dependencies come first; the requested one is the line naming its file, else the
    last)."""
    found = [(m.group("ec"), m.group("module")) for m in map(_MODULE.match,
                                                              dry_run.splitlines()) if m]
    want = os.path.basename(easyconfig)
    for ec, module in reversed(found):
        if os.path.basename(ec) == want:
            return module
    return found[-1][1] if found else None


class EasyBuildFrontend(Frontend):
    """A detected EasyBuild, with Lmod."""

    name = "easybuild"
    how_to_get = HOW_TO_GET
    tools = (Tool("easybuild", "eb", HOW_TO_GET), Tool("lmod", "Lmod", LMOD_HOW_TO_GET))
    settings_keys = frozenset({"sourcepath", "filter_deps", "options"})

    def check_settings(self, settings: Mapping[str, Any]) -> str | None:
        wrong = super().check_settings(settings)
        if wrong:
            return wrong
        for key in ("sourcepath", "filter_deps", "options"):
            value = settings.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v
                                                      for v in value):
                return f"'{key}' must be a list of strings"
        for folder in settings.get("sourcepath", []):
            if not os.path.isdir(folder):
                return f"'sourcepath' names {folder}, which is not a folder"
        return None

    def _eb(self, context: BuildContext) -> str | None:
        entry = context.dep("easybuild")
        if entry is not None:
            return entry.executable or str(Path(entry.prefix, "bin", "eb"))
        return context.which("eb")

    def _lmod(self, context: BuildContext) -> str | None:
        entry = context.dep("lmod")
        if entry is not None and entry.executable:
            return entry.executable
        for path in (os.environ.get("LMOD_CMD", ""), *LMOD_PLACES):
            if path and os.access(path, os.X_OK):
                return path
        return None

    # available() stays at "yes": the tool is a dependency of the plan (the install
    # session refuses a plan whose tool is nowhere, saying how to get it), and the
    # check before a plan runs has no dependencies to look at; install() says the same
    # when it finds none.

    def plan_notes(self, build: Build) -> list[str]:
        return [f"eb {_easyconfig(build)} --robot"]

    def install(self, build: Build, staging: Path, context: BuildContext) -> Provided:
        from envmgr.install.errors import InstallError

        exe = self._eb(context)
        if exe is None:
            raise InstallError(f"cannot install {build.name}: eb is not detected here",
                               HOW_TO_GET)
        lmod = self._lmod(context)
        if lmod is None:
            raise InstallError(f"cannot install {build.name}: EasyBuild needs Lmod, which "
                               "is not detected here", LMOD_HOW_TO_GET)
        easyconfig = _easyconfig(build)
        root = eb_root(context.home)
        sources = root / "sources"
        sources.mkdir(parents=True, exist_ok=True)
        fetched = self._feed_sources(build, sources, context)
        # the environment `envmgr shell` gives eb's entry (EB_PYTHON: eb's own Python)
        env = {**context.tool_env(), "LMOD_CMD": lmod}
        if os.geteuid() == 0:
            env["EASYBUILD_ALLOW_USE_AS_ROOT_AND_ACCEPT_CONSEQUENCES"] = "1"
        settings = context.settings
        path = ":".join([str(sources), *settings.get("sourcepath", ()),
                         *filter(None, [env.get("EASYBUILD_SOURCEPATH")])])
        args = [exe, easyconfig, "--robot", f"--installpath={root}", f"--sourcepath={path}",
                f"--buildpath={root / 'build'}", f"--repositorypath={root / 'ebfiles_repo'}",
                *[str(o) for o in settings.get("options", ())],
                *[str(o) for o in build.settings.get("options", ())]]
        if "filter_deps" in settings:
            filtered = list(settings["filter_deps"])
        elif env.get("EASYBUILD_FILTER_DEPS"):
            filtered = []  # EasyBuild reads it itself
        else:
            filtered = self._on_the_system(args, env, staging, easyconfig, context)
        if filtered:
            args.append(f"--filter-deps={','.join(filtered)}")
        with _tree_lock(root):
            _clear_stale_locks(root, context)
            context.note(f"eb builds {easyconfig} into {root}")
            said = _run(context, args, env, staging, f"eb {easyconfig}", timeout=6 * 3600)
        # the module eb built (or found built) is in its own output; else ask --dry-run
        module = built_module(said) or module_of(
            _run(context, [*args, "--dry-run"], env, staging, f"eb --dry-run {easyconfig}"),
            easyconfig)
        if module is None:
            raise InstallError(f"eb --dry-run {easyconfig} named no module",
                               "run it by hand to see why")
        prefix = _ebroot(root, module) or str(root / "software" / module)
        if not os.path.isdir(prefix):
            raise InstallError(f"eb {easyconfig} succeeded but {prefix} is not there")
        modulepath = str(root / "modules" / "all")
        env_ops = self._module_ops(lmod, modulepath, module)
        record = {"easyconfig": easyconfig, "module": module, "prefix": prefix,
                  "installpath": str(root), "modulepath": modulepath, "eb": exe}
        (staging / "easybuild.json").write_text(json.dumps(record, indent=1) + "\n")
        os.symlink(prefix, staging / "software")
        attrs: dict[str, object] = {"easybuild": record}
        if fetched:
            attrs["fetched"] = fetched
        return Provided(prefix=prefix, env_ops=env_ops, paths=paths_of(env_ops, prefix),
                        attrs=attrs,
                        env={var: value for kind, var, value in env_ops
                             if kind == "setenv" and var.startswith(("EBROOT", "EBVERSION"))})

    def _on_the_system(self, args: list[str], env: Mapping[str, str], staging: Path,
                       easyconfig: str, context: BuildContext) -> list[str]:
        """The dependencies ``--robot`` would build that envmgr has on the machine (the
        session's externals: recorded or detected, ``binutils`` say), as EasyBuild names
        them: left to the system with ``--filter-deps``, as Spack gets them as
        externals."""
        have = {e.soft: e for e in context.externals if e.source != "installed"}
        if not have:
            return []
        dry = _run(context, [*args, "--dry-run"], env, staging, f"eb --dry-run {easyconfig}")
        target = module_of(dry, easyconfig)
        out = []
        for module in _to_build(dry):
            name = module.split("/", 1)[0]
            found = have.get(name.lower())
            if module != target and found is not None and name not in out:
                out.append(name)
                context.note(f"EasyBuild leaves {module} to the system: {found.label()}")
        return out

    def uninstall(self, entry: Entry, context: BuildContext) -> list[str]:
        """Remove the software folder and the module file EasyBuild wrote for ``entry``,
        unless another module in the tree loads that module (a build ``--robot`` made
        for it); the transaction calls this only when no other entry records the
        prefix."""
        record = entry.attrs.get("easybuild")
        if not isinstance(record, dict):
            return []
        root = Path(str(record.get("installpath") or eb_root(context.home)))
        module = str(record.get("module") or "")
        prefix = Path(entry.prefix)
        software = root / "software"
        if not module or software not in prefix.parents:
            return []  # never anything outside EasyBuild's own tree
        modulefiles = [p for p in (root / "modules" / "all" / f"{module}.lua",
                                   root / "modules" / "all" / module) if p.is_file()]
        users = _modules_loading(root, module, modulefiles)
        if users:
            context.note(f"kept {prefix}: module {module} is loaded by "
                         f"{', '.join(users[:3])}")
            return []
        removed: list[str] = []
        with _tree_lock(root):
            for path in modulefiles:
                path.unlink(missing_ok=True)
                removed.append(str(path))
            if prefix.is_dir():
                shutil.rmtree(prefix)
                removed.append(str(prefix))
        return removed

    def _module_ops(self, lmod: str, modulepath: str, module: str) -> list[EnvOp]:
        """What ``module load MODULE`` does, asked of Lmod (see
        :mod:`envmgr.activate.modules`): recorded, and applied by ``envmgr shell``."""
        from envmgr.activate.modules import ModuleLoadError, module_ops
        from envmgr.install.errors import InstallError

        try:
            return module_ops(lmod, modulepath, module)
        except ModuleLoadError as exc:
            raise InstallError(f"EasyBuild wrote module {module}, but {exc}",
                               "run `module load` of it by hand to see why") from None

    def _feed_sources(self, build: Build, sources: Path, context: BuildContext
                      ) -> list[dict[str, object]]:
        """Fetch the recipe's sources through the download cache (checked) and link them
        where EasyBuild looks: ``<sourcepath>/<letter>/<name>/<file>``."""
        if not build.sources:
            return []
        from envmgr.install.fetch.download import fetch

        name = str(build.settings.get("name") or build.name)
        folder = sources / name[0].lower() / name
        folder.mkdir(parents=True, exist_ok=True)
        out: list[dict[str, object]] = []
        for src in build.sources:
            got = fetch(src, context.cache, name=build.name, mirrors=context.mirrors,
                        allow_unchecked=context.allow_unchecked, offline=context.offline,
                        progress=context.progress)
            dest = folder / src.filename
            tmp = folder / f".{src.filename}.envmgr-{os.getpid()}"
            try:
                os.link(got.path, tmp)
            except OSError:  # another file system: copy
                shutil.copyfile(got.path, tmp)
            os.replace(tmp, dest)
            out.append({"url": got.url or src.url, "sha256": got.sha256, "size": got.size,
                        "checked": src.checksum is not None})
        return out


def _easyconfig(build: Build) -> str:
    """``settings.easyconfig``, else this version's in ``settings.easyconfigs`` (a table
    version → easyconfig, as the library recipes give beside their Spack spec), else
    ``NAME-VERSION.eb``."""
    one = build.settings.get("easyconfig")
    if one:
        return str(one)
    table = build.settings.get("easyconfigs")
    if isinstance(table, Mapping) and table.get(build.version):
        return str(table[build.version])
    return f"{build.name}-{build.version}.eb"


def paths_of(env_ops: Sequence[EnvOp], prefix: str) -> dict[str, list[str]]:
    """The entry's ``bin``, ``lib`` and ``include`` dirs: those the module puts on
    ``PATH``, ``LD_LIBRARY_PATH`` and ``CPATH`` that lie in ``prefix`` (a dependency the
    module loads keeps its own dirs in the recorded operations)."""
    inside = prefix.rstrip("/") + "/"
    out: dict[str, list[str]] = {"bin": [], "lib": [], "include": []}
    for kind, var, value in env_ops:
        key = {"PATH": "bin", "LD_LIBRARY_PATH": "lib", "CPATH": "include"}.get(var)
        if key and kind in ("prepend-path", "append-path") and \
                (value + "/").startswith(inside) and value not in out[key]:
            # each prepend goes first: "a:b" was prepend b, then prepend a
            out[key].insert(0 if kind == "prepend-path" else len(out[key]), value)
    return out


def _ebroot(root: Path, module: str) -> str | None:
    """``EBROOT<NAME>`` as the module file sets it (``local root = "..."`` in Lua)."""
    for name in (f"{module}.lua", module):
        try:
            text = (root / "modules" / "all" / name).read_text(errors="replace")
        except OSError:
            continue
        m = re.search(r'^local root = "([^"]+)"', text, re.MULTILINE) or \
            re.search(r'^setenv\("EBROOT\w+",\s*"([^"]+)"\)', text, re.MULTILINE) or \
            re.search(r"^setenv\s+EBROOT\w+\s+(\S+)", text, re.MULTILINE)
        if m:
            return m.group(1)
    return None


def _run(context: BuildContext, cmd: list[str], env: Mapping[str, str], cwd: Path, what: str,
         timeout: float = 600) -> str:
    """Run eb; a failure says what EasyBuild said (:func:`eb_failure`), in full."""
    from envmgr.install.runner import ToolError

    seen: list[str] = []

    def cause(lines: Sequence[str]) -> str | None:
        seen[:] = lines
        return _last_error(lines)

    try:
        return context.run(cmd, what=what, env=env, cwd=cwd, timeout=timeout, cause=cause,
                           status_line=_step_line)
    except ToolError as exc:
        detail = eb_failure(seen)
        if not detail:
            raise
        raise ToolError(f"{what} failed: {detail}" + (f"\nfull log: {exc.log}" if exc.log
                                                       else ""),
                        exc.suggestion, command=exc.command, cause=exc.cause,
                        returncode=exc.returncode, log=exc.log) from None


def _step_line(line: str) -> str | None:
    """EasyBuild's step lines (``== building...``) are its progress; a step's end (``==
    ... (took 2 secs)``) leaves the step shown until the next one starts."""
    text = line[3:].strip() if line.startswith("== ") else ""
    return text if text and not text.startswith("...") else None


def _last_error(lines: Sequence[str]) -> str | None:
    return next((ln.strip() for ln in reversed(lines) if ln.startswith("ERROR:")), None)


_ARROW = re.compile(r"^\s+(?P<key>[a-z][a-z ()+]*?)\s+->\s+(?P<value>.*)$")
_EB_LOG = re.compile(r"^== Results of the build can be found in the (?:temporary )?log "
                     r"file\(s\) (?P<log>\S+)")


def eb_failure(lines: Sequence[str], tail: int = 8) -> str | None:
    """What EasyBuild said when it failed, in full: its last ``ERROR:`` line, then for a
    failed shell command the command, its folder and the last ``tail`` lines of its
    output (EasyBuild keeps it in a file), and EasyBuild's own log; None when it printed
    no ``ERROR:``."""
    error = _last_error(lines)
    if error is None:
        return None
    out = [error]
    facts: dict[str, str] = {}
    for line in lines:
        m = _ARROW.match(line)
        if m:
            facts[m.group("key").strip()] = m.group("value").strip()
    if facts.get("full command"):
        where = facts.get("working directory")
        out.append(f"failing command: {facts['full command']}" + (f" (in {where})" if where
                                                                    else ""))
    output = facts.get("output (stdout + stderr)") or facts.get("output")
    if output:
        try:
            said = [ln for ln in Path(output).read_text(errors="replace").splitlines()
                    if ln.strip()]
        except OSError:
            said = []
        if said:
            out.append(f"its output ends ({output}):")
            out += ["  " + ln for ln in said[-tail:]]
    log = next((m.group("log") for m in map(_EB_LOG.match, lines) if m), None)
    if log:
        out.append(f"EasyBuild's log: {log}")
    return "\n".join(out)


@contextmanager
def _tree_lock(root: Path) -> Iterator[None]:
    """One EasyBuild build (or removal) at a time in envmgr's EasyBuild tree. The lock is
    the kernel's (``filelock``): it goes with a process killed by ``kill -9``."""
    from filelock import FileLock

    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(root / ".envmgr-build.lock")):
        yield


def _clear_stale_locks(root: Path, context: BuildContext) -> None:
    """EasyBuild's own install locks (``software/.locks/*.lock``, folders) that an eb
    killed mid-build left: under the tree lock no eb of envmgr's runs, so each is
    stale, and EasyBuild would refuse to build that module again while it is there."""
    locks = root / "software" / ".locks"
    for lock in sorted(locks.glob("*.lock")) if locks.is_dir() else []:
        shutil.rmtree(lock, ignore_errors=True)
        context.note(f"removed {lock}: an eb that was stopped left it")


def _modules_loading(root: Path, module: str, own: Sequence[Path]) -> list[str]:
    """The other module files of the tree that load ``module``."""
    quoted = (f'"{module}"', f"'{module}'", f" {module}\n", f" {module} ")
    users = []
    for path in sorted((root / "modules" / "all").rglob("*")):
        if path in own or not path.is_file():
            continue
        try:
            text = path.read_text(errors="replace")
        except OSError:
            continue
        if any(f"load({q}" in text or f"depends_on({q}" in text for q in quoted[:2]) or \
                any(f"module load{q}" in text for q in quoted[2:]):
            users.append(str(path.relative_to(root / "modules" / "all")))
    return users


@hookimpl
def envmgr_register_frontends(frontends: Frontends) -> None:
    """Add the easybuild front-end."""
    frontends.add("easybuild", EasyBuildFrontend())
