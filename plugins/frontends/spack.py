"""The ``spack`` front-end: a detected Spack, driven offline with a configuration envmgr
writes, never writing into the Spack installation.

Spack's own scopes are moved into envmgr's folder ``<home>/install/.spack``
(:func:`spack_root`): ``SPACK_USER_CONFIG_PATH`` is ``user/`` (the scope Spack writes to,
as ``spack compiler find`` would), ``SPACK_SYSTEM_CONFIG_PATH`` the empty ``system/`` and
``SPACK_USER_CACHE_PATH`` ``user-cache/``, so that neither ``~/.spack``, ``/etc/spack``
nor ``$SPACK_ROOT/etc`` and ``$SPACK_ROOT/var`` are written (a user's ``~/.spack`` does not
leak in either). ``-C config/`` is envmgr's own scope, written before each install:

- ``config.yaml``: the install tree ``store/`` (one Spack store shared by every Spack
  install: dependencies are built once), the build stage, the source and misc caches;
- ``repos.yaml``: the ``repos`` of ``[frontends.spack]`` in config.toml, in order, each
  under its own namespace (a copy of ``builtin`` replaces the one Spack would clone), then
  the recipe's;
- ``mirrors.yaml``: the ``mirrors`` of ``[frontends.spack]`` (Spack source mirrors, tried
  before upstream). envmgr's download mirrors are not Spack mirrors and are not passed;
- ``upstreams.yaml``: its ``upstreams`` (other Spack install trees, read only);
- ``packages.yaml``: externals for what the session offers (``context.externals``: recorded
  and detected entries) that Spack has a package for, with prefixes from the real
  executables (Spack's ``external find`` took a pyenv shims folder for a Python prefix);
  compilers with their ``c``/``cxx``/``fortran`` paths, the system's default compiler
  (what ``cc`` runs) preferred.

One Spack process installs, as ``spack install SPEC`` used by hand (``--fail-fast``): it
concretizes and builds; the prefix is its ``[+] PREFIX`` line for the package, and the
concrete spec the ``.spack/spec.json`` Spack keeps there (copied into the entry's folder
as ``spec.json``, its DAG hash recorded). That prefix is the
entry's prefix (the smoke test runs there); the environment is what Spack's own module
sets for it (its default ``prefix_inspections``: ``bin`` on PATH, ``man`` and
``share/man`` on MANPATH, ``share/aclocal`` on ACLOCAL_PATH, the pkg-config dirs on
PKG_CONFIG_PATH, the prefix on CMAKE_PREFIX_PATH; no LD_LIBRARY_PATH: Spack links with
RPATHs). ``envmgr uninstall`` runs ``spack uninstall -y /HASH`` once no other entry records
that hash.

Recipe settings (``[frontend.settings]``): ``spec = "zlib@1.3.1"`` (default:
``NAME@VERSION``), ``repos = ["/path/to/repo"]`` (more repositories), ``externals = false``
to write no externals.
"""

from __future__ import annotations

import json
import os
import re
import shutil
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
           "spack_cause", "spack_env", "SETTINGS"]

#: envmgr soft → Spack package, where the names differ
RENAMED = {
    "make": "gmake", "liblzma": "xz", "libjpeg": "libjpeg-turbo", "pkg-config": "pkgconf",
    "libcurl": "curl", "icu": "icu4c", "zeromq": "libzmq", "gtest": "googletest",
    "tbb": "intel-tbb", "abseil": "abseil-cpp", "scalapack": "netlib-scalapack",
    "suitesparse": "suite-sparse", "node": "node-js", "google-benchmark": "benchmark",
}
#: envmgr softs Spack has a package of the same name for (builtin repository)
SAME_NAME = frozenset("""
    autoconf automake bash binutils bison bzip2 cmake coreutils curl diffutils expat
    file findutils flex gawk gcc gdbm gettext git gmp gperf grep gsl gzip hwloc jq libffi
    libiconv libpng libtiff libtool libxml2 llvm lua lz4 m4 meson mpfr nasm ncurses ninja
    openssl patchelf pcre2 perl python readline sed sqlite tar tcl texinfo xz zlib zstd
""".split())
COMPILERS = ("gcc", "llvm")
SETTINGS = frozenset({"repos", "mirrors", "upstreams"})
#: Spack's default modules.yaml ``prefix_inspections`` (etc/spack/defaults/base)
PREFIX_INSPECTIONS = (("bin", "PATH"), ("man", "MANPATH"), ("share/man", "MANPATH"),
                      ("share/aclocal", "ACLOCAL_PATH"), ("lib/pkgconfig", "PKG_CONFIG_PATH"),
                      ("lib64/pkgconfig", "PKG_CONFIG_PATH"),
                      ("share/pkgconfig", "PKG_CONFIG_PATH"))

HOW_TO_GET = ("install it with `envmgr install spack` (the release archive) or put it on "
              "PATH and run `envmgr detect spack`")


def spack_root(home: str | Path) -> Path:
    """``<home>/install/.spack``: Spack's store, stage, caches and envmgr's config for it
    (a dot name: ``envmgr gc`` leaves it alone)."""
    return Path(home) / "install" / ".spack"


def spack_package(soft: str) -> str | None:
    """The Spack package of an envmgr soft, None when Spack has none."""
    return RENAMED.get(soft) or (soft if soft in SAME_NAME else None)


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML flow scalar


def _real_prefix(entry: Entry) -> tuple[str, str] | None:
    """(prefix, executable): ``<prefix>/bin/<exe>`` from the real executable, else the
    entry's own prefix (a library found by pkg-config)."""
    exe = entry.executable
    if exe:
        real = os.path.realpath(exe)
        bindir = os.path.dirname(real)
        if os.path.basename(bindir) != "bin" or "/shims" in real:
            return None
        return os.path.dirname(bindir), exe
    if entry.prefix and os.path.isabs(entry.prefix) and os.path.isdir(entry.prefix):
        return entry.prefix, ""
    return None


def _default_compiler() -> str | None:
    """The real path of what ``cc`` (else ``gcc``, ``clang``) runs here."""
    for name in ("cc", "gcc", "clang"):
        found = shutil.which(name)
        if found:
            return os.path.realpath(found)
    return None


def externals_yaml(entries: Sequence[Entry], default_cc: str | None = None,
                   building: str = "") -> str:
    """``packages.yaml`` with one external per usable entry (the first per version); the
    compiler that is ``default_cc`` first, then newer ones. The package ``building`` is
    never an external: Spack is asked to build it, not to point at the system's."""
    by_pkg: dict[str, dict[str, tuple[str, str]]] = {}
    default_version: dict[str, str] = {}
    for e in entries:
        pkg = spack_package(e.soft)
        if pkg is None or pkg == building or e.stale or e.attrs.get("role") or \
                e.attrs.get("venv") or e.attrs.get("spack") or not e.version[:1].isdigit():
            continue
        found = _real_prefix(e)
        if found is None or (pkg in COMPILERS and not found[1]):
            continue
        by_pkg.setdefault(pkg, {}).setdefault(e.version, found)
        if pkg in COMPILERS and default_cc and found[1] and \
                os.path.realpath(found[1]) == default_cc:
            default_version.setdefault(pkg, e.version)
    lines = ["packages:"]
    compilers = [p for p in COMPILERS if p in by_pkg]
    compilers.sort(key=lambda p: p not in default_version)  # the default's package first
    if compilers:
        lines += ["  all:", "    providers:"]
        lines += [f"      {lang}: [{', '.join(compilers)}]" for lang in ("c", "cxx")]
    for pkg in sorted(by_pkg):
        versions = sorted(by_pkg[pkg], key=_version_key, reverse=True)
        if pkg in default_version:
            versions.remove(default_version[pkg])
            versions.insert(0, default_version[pkg])
        lines.append(f"  {pkg}:")
        if pkg in COMPILERS:
            lines.append(f"    version: [{', '.join(_q(v) for v in versions)}]")
        lines.append("    externals:")
        for version in versions:
            prefix, exe = by_pkg[pkg][version]
            spec = f"{pkg}@{version}"
            comps: dict[str, str] = {}
            if pkg in COMPILERS:
                comps = _compilers(pkg, exe)
                langs = ",".join({"c": "c", "cxx": "c++", "fortran": "fortran"}[k]
                                 for k in comps)
                spec += f" languages:={langs}" if pkg == "gcc" else " +clang"
            lines += [f"    - spec: {_q(spec)}", f"      prefix: {_q(prefix)}"]
            if comps:
                lines += ["      extra_attributes:", "        compilers:"]
                lines += [f"          {lang}: {_q(path)}" for lang, path in comps.items()]
    return "\n".join(lines if len(lines) > 1 else ["packages: {}"]) + "\n"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:4])


def _compilers(pkg: str, exe: str) -> dict[str, str]:
    d, base = os.path.split(exe)
    names = {"c": base, "cxx": base.replace("gcc", "g++").replace("clang", "clang++")}
    if pkg == "gcc":
        names["fortran"] = base.replace("gcc", "gfortran")
    return {lang: os.path.join(d, n) for lang, n in names.items()
            if os.access(os.path.join(d, n), os.X_OK)} or {"c": exe}


def repo_namespace(path: str | Path) -> str | None:
    """The namespace a Spack package repository's ``repo.yaml`` declares."""
    try:
        text = (Path(path) / "repo.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    m = re.search(r"^\s*namespace:\s*['\"]?([A-Za-z0-9_.-]+)", text, re.M)
    return m.group(1) if m else None


def _as_url(m: str) -> str:
    return m if "://" in m else Path(os.path.expanduser(m)).resolve().as_uri()


def check_settings(settings: Mapping[str, Any]) -> str | None:
    """What is wrong with a ``[frontends.spack]`` table (one clause), None when right."""
    for key in settings:
        if key not in SETTINGS:
            return f"unknown key '{key}' (known: {', '.join(sorted(SETTINGS))})"
    for key in sorted(SETTINGS & set(settings)):
        value = settings[key]
        if not (isinstance(value, list) and all(isinstance(v, str) and v.strip()
                                                  and "\0" not in v for v in value)):
            return f"'{key}' must be a list of paths, as in {key} = [\"/path\"]"
        for v in value:
            if key == "mirrors" and "://" in v and not v.startswith("file://"):
                continue  # a remote mirror: Spack reaches it itself
            path = Path(os.path.expanduser(v[7:] if v.startswith("file://") else v))
            if not path.is_dir():
                return f"'{key}' names {v}, which " + (
                    "is not a folder" if path.exists() else "does not exist")
            if key == "repos" and repo_namespace(path) is None:
                return f"'{key}' names {v}, which is not a Spack package repository " \
                       "(no repo.yaml with a namespace)"
    return None


def write_config(folder: Path, root: Path, settings: Mapping[str, Any],
                 recipe_repos: Sequence[str] | Mapping[str, str], externals: str) -> None:
    """Write envmgr's scope, the folder passed with ``-C``. Repositories go under their
    namespace (a table of the recipe's: under the names it gives)."""
    folder.mkdir(parents=True, exist_ok=True)
    named = dict(recipe_repos) if isinstance(recipe_repos, Mapping) else {}
    listed = [] if named else [str(r) for r in recipe_repos]
    repos: dict[str, str] = {}
    for i, r in enumerate([*settings.get("repos", []), *listed]):
        path = str(Path(os.path.expanduser(r)).resolve())
        repos.setdefault(repo_namespace(path) or f"envmgr-{i}", path)
    for name, r in named.items():
        repos.setdefault(str(name), str(Path(os.path.expanduser(str(r))).resolve()))
    mirrors = [_as_url(m) for m in settings.get("mirrors", [])]
    upstreams = [str(Path(os.path.expanduser(u)).resolve())
                 for u in settings.get("upstreams", [])]
    files = {
        "config.yaml": "config:\n"
                       f"  install_tree:\n    root: {_q(str(root / 'store'))}\n"
                       f"  build_stage:\n  - {_q(str(root / 'stage'))}\n"
                       f"  source_cache: {_q(str(root / 'sources'))}\n"
                       f"  misc_cache: {_q(str(root / 'cache'))}\n"
                       f"  test_stage: {_q(str(root / 'test-stage'))}\n"
                       f"  environments_root: {_q(str(root / 'environments'))}\n",
        "mirrors.yaml": "mirrors:" + ("".join(f"\n  envmgr-{i}: {_q(u)}"
                                               for i, u in enumerate(mirrors)) or " {}") + "\n",
        "repos.yaml": "repos:" + ("".join(f"\n  {_q(k)}: {_q(v)}" for k, v in repos.items())
                                  or " {}") + "\n",
        "upstreams.yaml": "upstreams:" + ("".join(
            f"\n  envmgr-{i}:\n    install_tree: {_q(u)}" for i, u in enumerate(upstreams))
            or " {}") + "\n",
        "packages.yaml": externals,
    }
    if not repos:
        files.pop("repos.yaml")
        (folder / "repos.yaml").unlink(missing_ok=True)
    for name, text in files.items():
        tmp = folder / f".{name}.tmp-{os.getpid()}"
        tmp.write_text(text)
        os.replace(tmp, folder / name)


def spack_env(base: Mapping[str, str], root: Path) -> dict[str, str]:
    """``base`` with Spack's writable scopes and caches moved under ``root``."""
    env = dict(base)
    for var in ("SPACK_DISABLE_LOCAL_CONFIG", "SPACK_ROOT", "SPACK_LOADED_HASHES"):
        env.pop(var, None)
    for var, sub in (("SPACK_USER_CONFIG_PATH", "user"), ("SPACK_SYSTEM_CONFIG_PATH", "system"),
                     ("SPACK_USER_CACHE_PATH", "user-cache")):
        (root / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(root / sub)
    return env


_ERROR = re.compile(r"^(?:==> )?Error: (.*)$")
_PHASE = re.compile(r"Executing phase: '([^']+)'")
_LOGGED = re.compile(r"^>>\s+\d+\s+(.*)$")  # "  >> 6     hello.c:1:25: error: ..."


def spack_cause(lines: Sequence[str]) -> str | None:
    """Why Spack failed, as it printed it: its first ``==> Error:`` line (with
    ``--fail-fast`` the later ones repeat it), completed by the indented line after it (the
    failing command, the first fetcher's reason); for a failed build also the phase, the
    first error of the build log and "See build log for details: PATH"."""
    text = [ln.rstrip() for ln in lines]
    at = next((i for i, ln in enumerate(text) if _ERROR.match(ln.strip())), None)
    if at is None:
        return None
    m = _ERROR.match(text[at].strip())
    why = m.group(1).strip() if m else text[at].strip()
    after = text[at + 1].strip() if at + 1 < len(text) and text[at + 1][:1] in " \t" else ""
    if after:
        why += f" {after}" if why.endswith(":") else f" ({after[:300]})"
    parts = [why]
    phases = [p.group(1) for ln in text[:at] for p in [_PHASE.search(ln)] if p]
    if phases:
        parts.append(f"in phase '{phases[-1]}'")
    for i, ln in enumerate(text[at:], at):
        m = _LOGGED.match(ln.strip())
        if m:  # the first error of the build log; Spack wraps it to the terminal's width
            logged = m.group(1).strip()
            for more in text[i + 1:]:
                more = more.strip()
                if not more or more.startswith(">>") or re.match(r"^\d+\s", more):
                    break
                logged += more
            parts.append(logged[:300])
            break
    for i, ln in enumerate(text[at:], at):
        if ln.strip().startswith("See build log for details:"):
            path = ln.split(":", 1)[1].strip() or next(
                (x.strip() for x in text[i + 1:] if x.strip()), "")
            parts.append(f"See build log for details: {path}")
            break
    return "; ".join(parts)


class SpackFrontend(Frontend):
    """A detected Spack, configured by envmgr."""

    name = "spack"
    how_to_get = HOW_TO_GET
    tools = (Tool("spack", "spack", HOW_TO_GET),)
    settings_keys = SETTINGS

    def check_settings(self, settings: Mapping[str, Any]) -> str | None:
        return check_settings(settings)

    def _spack(self, context: BuildContext) -> tuple[str, Entry | None] | None:
        entry = context.dep("spack")
        if entry is not None:
            return entry.executable or str(Path(entry.prefix, "bin", "spack")), entry
        found = context.which("spack")
        return (found, None) if found else None

    # available() stays at "yes": the tool is a dependency of the plan (the install
    # session refuses a plan whose tool is nowhere, saying how to get it).

    def plan_notes(self, build: Build) -> list[str]:
        return [f"spack install {_spec_text(build)}"]

    def _base(self, context: BuildContext, exe: str, tool: Entry | None,
              build: Build | None) -> tuple[list[str], dict[str, str]]:
        """The command prefix and environment of every Spack call, after writing the
        configuration."""
        root = spack_root(context.home)
        cfg = root / "config"
        want = build is None or build.settings.get("externals", True)
        building = re.split(r"[@%+~^\s]", _spec_text(build), maxsplit=1)[0] \
            if build is not None else ""
        externals = externals_yaml(context.externals, _default_compiler(), building) \
            if want else "packages: {}\n"
        recipe_repos = build.settings.get("repos") or () if build is not None else ()
        write_config(cfg, root, context.settings, recipe_repos, externals)
        # Spack's own entry only (its Python, SPACK_ROOT dropped): not the build's deps
        base = context.tool_env([tool]) if tool is not None else dict(os.environ)
        return [exe, "-C", str(cfg)], spack_env(base, root)

    def install(self, build: Build, staging: Path, context: BuildContext) -> Provided:
        from envmgr.install.errors import InstallError

        got = self._spack(context)
        if got is None:
            raise InstallError(f"cannot install {build.name}: spack is not detected here",
                               HOW_TO_GET)
        exe, tool = got
        spec = _spec_text(build)
        base, env = self._base(context, exe, tool, build)

        # one Spack process, as `spack install SPEC` used by hand: it concretizes and
        # installs; the concrete spec is the one Spack keeps in the prefix
        context.note(f"spack installs {spec}")
        out = context.run([*base, "install", "--fail-fast", spec], what="spack-install",
                          env=env, cwd=staging, timeout=6 * 3600, cause=spack_cause)
        # the last "[+] PREFIX" line of the package is the spec asked for (dependencies
        # come first); "[+] /usr (external ...)" is not a build
        name = re.split(r"[@%+~^\s]", spec, maxsplit=1)[0]
        prefix = next((ln[4:].strip() for ln in reversed(out.splitlines())
                       if ln.startswith("[+] /") and "(external" not in ln
                       and os.path.basename(ln[4:].strip()).startswith(f"{name}-")), "")
        try:
            concrete = json.loads((Path(prefix) / ".spack" / "spec.json").read_text())
            node = concrete["spec"]["nodes"][0]
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            raise InstallError(f"spack install {spec} named no install prefix with its "
                               f"spec.json ({prefix or 'no [+] line'})",
                               "see the log of the call") from None
        dag_hash, version = str(node.get("hash", "")), str(node.get("version", ""))
        if not dag_hash.isalnum() or not prefix.endswith(f"-{dag_hash}"):
            raise InstallError(f"spack install {spec} gave no DAG hash for {prefix}")
        (staging / "spec.json").write_text(json.dumps(concrete, indent=1) + "\n")
        if not prefix or not os.path.isabs(prefix) or not os.path.isdir(prefix):
            raise InstallError(f"spack gave no install prefix for /{dag_hash}: {prefix!r}")
        os.symlink(prefix, staging / "spack-prefix")
        ops = module_ops(prefix)
        return Provided(
            prefix=prefix,
            paths={"bin": [v for op, var, v in ops if var == "PATH"],
                   "pkgconfig": [v for op, var, v in ops if var == "PKG_CONFIG_PATH"]},
            env_ops=[op for op in ops if op[1] not in ("PATH", "PKG_CONFIG_PATH")],
            version=version or None,
            attrs={"spack": {"spec": spec, "hash": dag_hash, "prefix": prefix,
                             "name": node.get("name"), "version": version,
                             "store": str(spack_root(context.home) / "store"),
                             "spack": exe}},
        )

    def uninstall(self, entry: Entry, context: BuildContext) -> list[str]:
        """``spack uninstall -y /HASH`` of the entry's build, when Spack still has it."""
        info = entry.attrs.get("spack") or {}
        dag_hash, prefix = str(info.get("hash", "")), str(info.get("prefix", ""))
        if not dag_hash.isalnum() or not prefix or not os.path.isdir(prefix):
            return []
        exe, tool = str(info.get("spack") or ""), None
        if not os.access(exe, os.X_OK):  # the Spack that built it is gone: the one here
            got = self._spack(context)
            if got is None:
                return []
            exe, tool = got
        base, env = self._base(context, exe, tool, None)
        context.run([*base, "uninstall", "-y", f"/{dag_hash}"], what="spack-uninstall",
                    env=env, timeout=600, cause=spack_cause)
        return [f"spack's build {info.get('name')}@{info.get('version')} /{dag_hash[:7]} "
                f"({prefix})"]


def module_ops(prefix: str) -> list[tuple[str, str, str]]:
    """What Spack's module of a build at ``prefix`` sets (its default prefix
    inspections, for the dirs that exist; CMAKE_PREFIX_PATH comes from the entry's
    prefix)."""
    return [("prepend-path", var, os.path.join(prefix, sub))
            for sub, var in PREFIX_INSPECTIONS if os.path.isdir(os.path.join(prefix, sub))]


def _spec_text(build: Build) -> str:
    spec = build.settings.get("spec")
    if spec:
        return str(spec)
    if build.version and build.version[:1].isdigit() and "+latest" not in build.version:
        return f"{build.name}@{build.version}"
    return build.name


@hookimpl
def envmgr_register_frontends(frontends: Frontends) -> None:
    """Add the spack front-end."""
    frontends.add("spack", SpackFrontend())
