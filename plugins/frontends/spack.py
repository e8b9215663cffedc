"""The ``spack`` front-end: a detected Spack, driven with a configuration envmgr writes.

Spack runs with ``SPACK_DISABLE_LOCAL_CONFIG=1`` (which also switches off
``SPACK_USER_CONFIG_PATH`` and ``SPACK_SYSTEM_CONFIG_PATH``: a user's ``~/.spack`` never
leaks in) and ``-C <home>/install/.spack/config``, a folder envmgr writes before each
install:

- ``config.yaml``: the install tree ``<home>/install/.spack/store`` (one Spack store shared
  by every Spack install, as Spack expects: dependencies are built once), the build stage
  and the source cache under ``<home>/install/.spack``;
- ``repos.yaml``: the recipe's ``repos`` (Spack's builtin repository stays, from Spack's
  own defaults);
- ``mirrors.yaml``: the ``--mirror`` folders and URLs, tried before upstream;
- ``packages.yaml``: externals taken from envmgr's registry (python, compilers, cmake,
  perl ...), with prefixes from the real executables: Spack's own ``external find`` took a
  pyenv shims folder for a Python prefix in a trial.

The spec is concretized once (``spack spec --json SPEC``); the concrete spec is kept in the
entry's folder as ``spec.json`` and its DAG hash recorded; exactly that spec is installed
(``spack install ./spec.json``) and the prefix is read from ``spack location -i /HASH``
(``spack find --json`` carries none). The entry's ``paths`` point into that prefix; its
folder under ``<home>/install`` holds ``spec.json`` and a ``spack-prefix`` link.

Settings (``[frontend.settings]``): ``spec = "zlib@1.3.1"`` (default: ``NAME@VERSION``),
``repos = ["/path/to/repo"]`` (more repositories) or ``repos = { builtin = "/path" }`` (a
local copy in place of Spack's builtin one, for a machine without network),
``externals = false`` to write no externals.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envmgr.install.frontend import BuildContext, Frontend, Provided, Tool
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.install.recipe import Build
    from envmgr.plugin.collectors import Frontends
    from envmgr.store.entry import Entry

__all__ = ["SpackFrontend", "envmgr_register_frontends", "spack_root", "externals_yaml",
           "read_spec_json"]

#: envmgr soft → Spack package, for externals
EXTERNALS = {
    "python": "python", "cmake": "cmake", "ninja": "ninja", "make": "gmake", "perl": "perl",
    "git": "git", "pkg-config": "pkg-config", "autoconf": "autoconf", "automake": "automake",
    "libtool": "libtool", "m4": "m4", "bison": "bison", "flex": "flex", "curl": "curl",
    "meson": "meson", "tcl": "tcl", "lua": "lua", "gcc": "gcc", "llvm": "llvm",
}

HOW_TO_GET = ("install it with `envmgr install spack` (the release archive) or put it on "
              "PATH and run `envmgr detect spack`")


def spack_root(home: str | Path) -> Path:
    """``<home>/install/.spack``: Spack's store, stage, caches and envmgr's config for it
    (a dot name: ``envmgr gc`` leaves it alone)."""
    return Path(home) / "install" / ".spack"


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML flow scalar


def _real_prefix(entry: Entry) -> tuple[str, str] | None:
    """(prefix, executable) from the entry's real executable: ``<prefix>/bin/<exe>``."""
    exe = entry.executable
    if not exe:
        return None
    real = os.path.realpath(exe)
    bindir = os.path.dirname(real)
    if os.path.basename(bindir) != "bin":
        return None
    return os.path.dirname(bindir), real


def externals_yaml(entries: Sequence[Entry]) -> str:
    """``packages.yaml`` with one external per usable entry (the newest per version)."""
    by_pkg: dict[str, dict[str, tuple[str, str]]] = {}
    for e in entries:
        pkg = EXTERNALS.get(e.soft)
        if pkg is None or e.stale or e.attrs.get("role") or e.attrs.get("venv") or \
                e.attrs.get("spack") or not e.version[:1].isdigit():
            continue
        found = _real_prefix(e)
        if found is None or found[0].endswith("/shims") or "/.pyenv/shims" in found[1]:
            continue
        by_pkg.setdefault(pkg, {}).setdefault(e.version, found)
    lines = ["packages:"]
    for pkg in sorted(by_pkg):
        lines += [f"  {pkg}:", "    externals:"]
        for version, (prefix, exe) in sorted(by_pkg[pkg].items()):
            lines += [f"    - spec: {_q(f'{pkg}@{version}')}", f"      prefix: {_q(prefix)}"]
            if pkg in ("gcc", "llvm"):
                comps = _compilers(pkg, exe)
                lines += ["      extra_attributes:", "        compilers:"]
                lines += [f"          {lang}: {_q(path)}" for lang, path in comps.items()]
    return "\n".join(lines if len(lines) > 1 else ["packages: {}"]) + "\n"


def _compilers(pkg: str, exe: str) -> dict[str, str]:
    d, base = os.path.split(exe)
    names = {"c": base, "cxx": base.replace("gcc", "g++").replace("clang", "clang++")}
    if pkg == "gcc":
        names["fortran"] = base.replace("gcc", "gfortran")
    return {lang: os.path.join(d, n) for lang, n in names.items()
            if os.access(os.path.join(d, n), os.X_OK)} or {"c": exe}


def _mirrors_yaml(mirrors: Sequence[str]) -> str:
    if not mirrors:
        return "mirrors: {}\n"
    lines = ["mirrors:"]
    for i, m in enumerate(mirrors):
        url = m if "://" in m else Path(m).resolve().as_uri()
        lines.append(f"  envmgr-{i}: {_q(url)}")
    return "\n".join(lines) + "\n"


def write_config(folder: Path, home: Path, context: BuildContext,
                 repos: Mapping[str, str], externals: str) -> None:
    """Write the configuration folder passed with ``-C``."""
    root = spack_root(home)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "config.yaml": "config:\n"
                       f"  install_tree:\n    root: {_q(str(root / 'store'))}\n"
                       f"  build_stage:\n  - {_q(str(root / 'stage'))}\n"
                       f"  source_cache: {_q(str(root / 'sources'))}\n"
                       f"  misc_cache: {_q(str(root / 'cache'))}\n",
        "mirrors.yaml": _mirrors_yaml(context.mirrors),
        "packages.yaml": externals,
    }
    if repos:
        files["repos.yaml"] = "repos:\n" + "".join(
            f"  {_q(k)}: {_q(str(Path(r).expanduser()))}\n" for k, r in repos.items())
    else:
        (folder / "repos.yaml").unlink(missing_ok=True)
    for name, text in files.items():
        tmp = folder / f".{name}.tmp-{os.getpid()}"
        tmp.write_text(text)
        os.replace(tmp, folder / name)


def read_spec_json(stdout: str) -> dict[str, Any]:
    """The concrete spec from ``spack spec --json`` output: the last line that is a JSON
    object (Spack prints notes such as "==> Compilers have been configured" on stdout)."""
    for line in reversed(stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if isinstance(data, dict) and isinstance(data.get("spec"), dict) and \
                    data["spec"].get("nodes"):
                return data
    raise ValueError("no concrete spec in spack's output")


class SpackFrontend(Frontend):
    """A detected Spack, configured by envmgr."""

    name = "spack"
    how_to_get = HOW_TO_GET
    tools = (Tool("spack", "spack", HOW_TO_GET),)

    def _spack(self, context: BuildContext) -> tuple[str, dict[str, str]] | None:
        entry = context.dep("spack")
        if entry is not None:
            exe = entry.executable or str(Path(entry.prefix, "bin", "spack"))
            return exe, dict(entry.env)
        found = context.which("spack")
        return (found, {}) if found else None

    # available() stays at "yes": the tool is a dependency of the plan (the install
    # session refuses a plan whose tool is nowhere, saying how to get it), and the
    # check before a plan runs has no dependencies to look at; install() says the same
    # when it finds none.

    def plan_notes(self, build: Build) -> list[str]:
        return [f"spack spec {_spec_text(build)}"]

    def install(self, build: Build, staging: Path, context: BuildContext) -> Provided:
        from envmgr.install.errors import InstallError

        got = self._spack(context)
        if got is None:
            raise InstallError(f"cannot install {build.name}: spack is not detected here",
                               HOW_TO_GET)
        exe, tool_env = got
        spec = _spec_text(build)
        root = spack_root(context.home)
        cfg = root / "config"
        externals = externals_yaml(_registry_entries(context.home)) \
            if build.settings.get("externals", True) else "packages: {}\n"
        write_config(cfg, context.home, context, _repos(build.settings.get("repos")),
                     externals)
        env = {**os.environ, **tool_env, "SPACK_DISABLE_LOCAL_CONFIG": "1",
               "SPACK_USER_CACHE_PATH": str(root / "user-cache")}
        env.pop("SPACK_USER_CONFIG_PATH", None)
        env.pop("SPACK_SYSTEM_CONFIG_PATH", None)
        base = [exe, "-C", str(cfg)]

        context.note(f"spack concretizes {spec}")
        out = _run(context, [*base, "spec", "--json", spec], env, staging,
                   f"concretizing {spec}")
        try:
            concrete = read_spec_json(out)
        except ValueError:
            raise InstallError(f"spack spec --json {spec} printed no concrete spec",
                               "run it by hand to see why") from None
        node = concrete["spec"]["nodes"][0]
        dag_hash, version = str(node.get("hash", "")), str(node.get("version", ""))
        if not dag_hash.isalnum():
            raise InstallError(f"spack spec --json {spec} gave no DAG hash")
        (staging / "spec.json").write_text(json.dumps(concrete, indent=1) + "\n")
        context.note(f"spack installs {node.get('name')}@{version} /{dag_hash[:7]}")
        _run(context, [*base, "install", "--fail-fast", "./spec.json"], env, staging,
             f"installing {spec}", timeout=6 * 3600)
        loc = _run(context, [*base, "location", "-i", f"/{dag_hash}"], env, staging,
                   f"finding the prefix of /{dag_hash}").strip().splitlines()
        prefix = loc[-1].strip() if loc else ""
        if not prefix or not os.path.isabs(prefix) or not os.path.isdir(prefix):
            raise InstallError(f"spack location -i /{dag_hash} gave no folder: {prefix!r}")
        os.symlink(prefix, staging / "spack-prefix")
        paths = {k: [os.path.join(prefix, d) for d in dirs
                     if os.path.isdir(os.path.join(prefix, d))]
                 for k, dirs in (("bin", ["bin"]), ("lib", ["lib", "lib64"]),
                                 ("include", ["include"]))}
        env_out = {f"{_envname(str(node.get('name', build.name)))}_ROOT": prefix}
        return Provided(
            paths=paths, env=env_out,
            version=version or None,
            attrs={"spack": {"spec": spec, "hash": dag_hash, "prefix": prefix,
                             "name": node.get("name"), "version": version,
                             "store": str(root / "store"), "spack": exe}},
        )


def _repos(value: Any) -> dict[str, str]:
    """``repos`` as a table (``{ builtin = "/path" }`` replaces Spack's builtin one) or a
    list of folders (named ``envmgr-0`` ...)."""
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    return {f"envmgr-{i}": str(r) for i, r in enumerate(value or ())}


def _envname(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name).upper()


def _spec_text(build: Build) -> str:
    spec = build.settings.get("spec")
    if spec:
        return str(spec)
    if build.version and build.version[:1].isdigit() and "+latest" not in build.version:
        return f"{build.name}@{build.version}"
    return build.name


def _registry_entries(home: Path) -> list[Entry]:
    """Every entry of the home's registry (read-only); none when there is no registry."""
    from envmgr.errors import EnvmgrError
    from envmgr.store.registry import Registry

    path = home / "registry.db"
    if not path.is_file():
        return []
    try:
        reg = Registry(str(path), readonly=True).open()
        return list(reg.find(include_stale=False))
    except EnvmgrError:
        return []


def _run(context: BuildContext, cmd: list[str], env: Mapping[str, str], cwd: Path, what: str,
         timeout: float = 1800) -> str:
    return context.run(cmd, what=what, env=env, cwd=cwd, timeout=timeout,
                       cause=_cause)


def _cause(lines: Sequence[str]) -> str | None:
    return next((ln.strip() for ln in lines if "Error" in ln or "error:" in ln), None)


@hookimpl
def envmgr_register_frontends(frontends: Frontends) -> None:
    """Add the spack front-end."""
    frontends.add("spack", SpackFrontend())
