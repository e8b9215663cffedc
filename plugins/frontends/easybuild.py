"""The ``easybuild`` front-end: a detected ``eb``, with Lmod, into a store under the home.

``eb EASYCONFIG --robot`` runs with ``--installpath <home>/install/.eb`` (one EasyBuild
tree shared by every EasyBuild install, as EasyBuild expects: what ``--robot`` builds for
one install is reused by the next; a dot name, so ``envmgr gc`` leaves it alone),
``--buildpath`` and ``--repositorypath`` beside it, and ``--sourcepath
<home>/install/.eb/sources`` first, fed from envmgr's download cache: a recipe's sources
are fetched and checked there, then linked in as ``<letter>/<name>/<file>``, where
EasyBuild looks; ``$EASYBUILD_SOURCEPATH`` follows it. Other ``EASYBUILD_*`` variables
(``ROBOT_PATHS``, ``INCLUDE_EASYBLOCKS`` ...) reach ``eb`` as they are.

EasyBuild needs Lmod: ``LMOD_CMD`` comes from the detected ``lmod`` entry (or the
environment). ``EASYBUILD_ALLOW_USE_AS_ROOT_AND_ACCEPT_CONSEQUENCES=1`` is set only when
envmgr runs as root (EasyBuild refuses root otherwise).

The module name comes from ``eb --dry-run`` (``(module: toy/0.0)``); the prefix is
``<installpath>/software/<module>``, or ``EBROOT<NAME>`` as the module file sets it. The
entry's ``paths`` point into that prefix and its ``env`` sets ``EBROOT<NAME>`` and
``EBVERSION<NAME>``; its folder under ``<home>/install`` holds ``easybuild.json`` and a
``software`` link to the prefix.

Settings (``[frontend.settings]``): ``easyconfig = "bzip2-1.0.8.eb"`` (a name on the
robot path, or a file; default ``NAME-VERSION.eb``), ``name = "bzip2"`` (the software's
name in source folders; default the recipe's), ``options = ["--parallel=4"]`` (more
``eb`` arguments). A recipe built by another front-end may name the easyconfig of each
version, ``easyconfigs = { "1.5.7" = "zstd-1.5.7-GCCcore-15.2.0.eb" }``, used when
``--frontend easybuild`` is asked for that version.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from envmgr.install.frontend import BuildContext, Frontend, Provided, Tool
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.install.recipe import Build
    from envmgr.plugin.collectors import Frontends

__all__ = ["EasyBuildFrontend", "envmgr_register_frontends", "eb_root", "module_of"]

HOW_TO_GET = ("install it with `envmgr install easybuild` (pip's easybuild) or put `eb` "
              "on PATH and run `envmgr detect easybuild`")
LMOD_HOW_TO_GET = ("install Lmod (apt-get install lmod, dnf install Lmod) and run "
                   "`envmgr detect lmod`")
LMOD_PLACES = ("/usr/share/lmod/lmod/libexec/lmod", "/opt/apps/lmod/lmod/libexec/lmod")

_MODULE = re.compile(r"^\s*\*\s*\[.\]\s+(?P<ec>\S+)\s+\(module:\s*(?P<module>[^)\s]+)\)")


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

    def _eb(self, context: BuildContext) -> tuple[str, dict[str, str]] | None:
        entry = context.dep("easybuild")
        if entry is not None:
            return entry.executable or str(Path(entry.prefix, "bin", "eb")), dict(entry.env)
        found = context.which("eb")
        return (found, {}) if found else None

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

        eb = self._eb(context)
        if eb is None:
            raise InstallError(f"cannot install {build.name}: eb is not detected here",
                               HOW_TO_GET)
        lmod = self._lmod(context)
        if lmod is None:
            raise InstallError(f"cannot install {build.name}: EasyBuild needs Lmod, which "
                               "is not detected here", LMOD_HOW_TO_GET)
        exe, tool_env = eb
        easyconfig = _easyconfig(build)
        root = eb_root(context.home)
        sources = root / "sources"
        sources.mkdir(parents=True, exist_ok=True)
        fetched = self._feed_sources(build, sources, context)
        env = {**os.environ, **tool_env, "LMOD_CMD": lmod}
        if os.geteuid() == 0:
            env["EASYBUILD_ALLOW_USE_AS_ROOT_AND_ACCEPT_CONSEQUENCES"] = "1"
        path = ":".join([str(sources), *filter(None, [env.get("EASYBUILD_SOURCEPATH")])])
        args = [exe, easyconfig, "--robot", f"--installpath={root}", f"--sourcepath={path}",
                f"--buildpath={root / 'build'}", f"--repositorypath={root / 'ebfiles_repo'}",
                *[str(o) for o in build.settings.get("options", ())]]
        dry = _run(context, [*args, "--dry-run"], env, staging,
                   f"eb --dry-run {easyconfig}")
        module = module_of(dry, easyconfig)
        if module is None:
            raise InstallError(f"eb --dry-run {easyconfig} named no module",
                               "run it by hand to see why")
        context.note(f"eb builds {easyconfig} (module {module}) into {root}")
        _run(context, args, env, staging, f"eb {easyconfig}", timeout=6 * 3600)
        prefix = _ebroot(root, module) or str(root / "software" / module)
        if not os.path.isdir(prefix):
            raise InstallError(f"eb {easyconfig} succeeded but {prefix} is not there")
        soft = module.split("/", 1)[0]
        var = _envname(soft)
        record = {"easyconfig": easyconfig, "module": module, "prefix": prefix,
                  "installpath": str(root), "modulepath": str(root / "modules" / "all"),
                  "eb": exe}
        (staging / "easybuild.json").write_text(json.dumps(record, indent=1) + "\n")
        os.symlink(prefix, staging / "software")
        paths = {k: [os.path.join(prefix, d) for d in dirs
                     if os.path.isdir(os.path.join(prefix, d))]
                 for k, dirs in (("bin", ["bin"]), ("lib", ["lib", "lib64"]),
                                 ("include", ["include"]))}
        attrs: dict[str, object] = {"easybuild": record}
        if fetched:
            attrs["fetched"] = fetched
        return Provided(paths=paths, attrs=attrs,
                        env={f"EBROOT{var}": prefix,
                             f"EBVERSION{var}": module.split("/", 1)[-1]})

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


def _envname(name: str) -> str:
    return "".join(c if c.isalnum() else "" for c in name).upper()


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
    return context.run(cmd, what=what, env=env, cwd=cwd, timeout=timeout,
                       cause=_cause)


def _cause(lines: Sequence[str]) -> str | None:
    return next((ln.strip() for ln in lines if ln.startswith("ERROR")), None)


@hookimpl
def envmgr_register_frontends(frontends: Frontends) -> None:
    """Add the easybuild front-end."""
    frontends.add("easybuild", EasyBuildFrontend())
