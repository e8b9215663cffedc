"""What a front-end is: the base class plugins subclass, what it is given and what it gives back.

A front-end turns a concrete :class:`~envmgr.install.recipe.Build` into files. The
transaction (:mod:`envmgr.install.transaction`) owns everything around that: the lock,
the staging folder, the one rename into envmgr's install folder, the smoke test and the
registry. A front-end never opens the registry: what it may build against comes in the
:class:`BuildContext` (``deps``, ``externals``, ``settings``).

Two kinds of front-end:

- one that builds into ``staging`` (download, pip) writes files that work once
  ``staging`` is renamed to ``context.prefix`` (:func:`relocate` rewrites the staging
  path in text files that embed it, such as a venv's scripts), and returns
  ``Provided(prefix=None)``;
- one whose tool builds into a store of its own (Spack, EasyBuild) writes only its
  records into ``staging`` and returns ``Provided(prefix=<the build's real prefix>)``:
  the entry's ``prefix``, relative ``provides`` paths, ``${{ prefix }}`` and the smoke
  test then use that prefix, and envmgr's folder is kept as ``attrs.install.folder``.
  :meth:`Frontend.uninstall` removes such a build when its entry is uninstalled.

Every tool runs through ``context.run`` (:mod:`envmgr.install.runner`: own process group,
a log file under ``<home>/logs``, progress lines, the cause of a failure), in the
environment ``context.tool_env()`` gives (the one ``envmgr shell`` would).

Front-ends are registered by plugins through ``envmgr_register_frontends``::

    @hookimpl
    def envmgr_register_frontends(frontends):
        frontends.add("download", DownloadFrontend())
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from envmgr.install.fetch.cache import DownloadCache
    from envmgr.install.recipe import Build
    from envmgr.store.entry import Entry

__all__ = ["Frontend", "BuildContext", "Provided", "Companion", "Tool", "EnvOp", "relocate"]

#: one environment operation of a tool's own module: ``("prepend-path", VAR, value)``,
#: ``("append-path", VAR, value)``, ``("setenv", VAR, value)`` or ``("unsetenv", VAR, "")``
EnvOp = tuple[str, str, str]


@dataclass(frozen=True)
class Tool:
    """A tool a front-end drives: the session makes each of its builds depend on ``soft``
    (reused, detected or refused with ``how_to_get``)."""

    soft: str
    executable: str
    how_to_get: str = ""


def _no_runner(cmd: Sequence[str], *, what: str, env: Mapping[str, str] | None = None,
               cwd: str | Path | None = None, timeout: float,
               cause: Callable[[Sequence[str]], str | None] | None = None) -> str:
    from envmgr.install.runner import Runner

    return Runner(None)(cmd, what=what, env=env, cwd=cwd, timeout=timeout, cause=cause)


def _plain_env(entries: Sequence[Entry]) -> dict[str, str]:
    return dict(os.environ)


@dataclass
class BuildContext:
    """Everything a front-end may use for one install step."""

    #: envmgr's install folder (``<home>/install/<name>-<version>-<hash>``); not there yet:
    #: ``staging`` is renamed to it
    prefix: Path
    #: the envmgr home
    home: Path
    #: the shared download cache
    cache: DownloadCache
    #: the entries of this step's dependencies, in the recipe's order (reused, detected or
    #: installed just before)
    deps: Sequence[Entry] = ()
    #: site mirrors (``--mirror``), tried before upstream
    mirrors: Sequence[str] = ()
    #: ``--no-checksum``: accept sources whose upstream publishes no checksum
    allow_unchecked: bool = False
    #: ``None`` reads ENVMGR_OFFLINE
    offline: bool | None = None
    #: executables found on the machine, by name (uv, pip ...), looked up through ``which``
    which: Callable[[str], str | None] = field(default=lambda name: None)
    #: called with (bytes so far, total or None) while downloading
    progress: Callable[[int, int | None], None] | None = None
    #: called with one line of what is happening, for the user
    note: Callable[[str], None] = field(default=lambda text: None)
    #: the ``[frontends.<name>]`` table of config.toml (keys checked against
    #: :attr:`Frontend.settings_keys`)
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: what the session offers as externals: recorded entries (upstream homes included)
    #: and what its detection found; the front-end never opens the registry
    externals: Sequence[Entry] = ()
    #: where this step's tool logs go (``<home>/logs/<install folder name>``)
    log_dir: Path | None = None
    #: the tool runner (:class:`envmgr.install.runner.Runner`); call :meth:`run`
    runner: Callable[..., str] = field(default=_no_runner)
    #: entries → environment (the activation planner); call :meth:`tool_env`
    env_of: Callable[[Sequence[Entry]], dict[str, str]] = field(default=_plain_env)

    def run(self, cmd: Sequence[str], *, what: str, env: Mapping[str, str] | None = None,
            cwd: str | Path | None = None, timeout: float,
            cause: Callable[[Sequence[str]], str | None] | None = None) -> str:
        """Run a tool and return its stdout (see :mod:`envmgr.install.runner`): its own
        process group, its output logged to ``log_dir`` and shown as progress; a failure
        is a :class:`~envmgr.install.runner.ToolError` naming the command, the cause
        (``cause(lines)`` picks it from the output's last lines; default: a traceback's
        last line, else the last error line) and the log."""
        return self.runner(cmd, what=what, env=env, cwd=cwd, timeout=timeout, cause=cause)

    def tool_env(self, entries: Sequence[Entry] | None = None) -> dict[str, str]:
        """``os.environ`` with ``entries`` active (default: this step's dependencies, with
        their own dependencies), as ``envmgr shell`` would make it."""
        return self.env_of(self.deps if entries is None else entries)

    def dep(self, *tags: str) -> Entry | None:
        """The first dependency entry carrying every one of ``tags`` (or of that soft)."""
        for entry in self.deps:
            if entry.soft in tags or set(tags) <= set(entry.tags):
                return entry
        return None


@dataclass
class Companion:
    """Another entry an install makes beside its own (a venv's interpreter, say).

    Paths are relative to the install prefix. The install's own entry depends on each
    companion; a companion's ``deps`` are uids of entries outside this install."""

    soft: str
    version: str
    category: str = ""
    tags: list[str] = field(default_factory=list)
    paths: dict[str, list[str]] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)
    deps: list[str] = field(default_factory=list)


@dataclass
class Provided:
    """What a front-end reports after building.

    ``paths`` and ``attrs`` values that are relative paths are taken relative to the
    prefix. None for ``paths`` keeps what the recipe's ``provides`` says."""

    #: the build's real prefix when the tool does not build into staging (Spack's install
    #: prefix); None: staging, renamed to ``context.prefix``, is the prefix
    prefix: str | None = None
    #: ordered operations of the tool's own module, applied after the entry's paths
    #: (recorded as ``attrs.env_ops``)
    env_ops: list[EnvOp] = field(default_factory=list)
    paths: dict[str, list[str]] | None = None
    env: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)
    #: the version really installed, when the front-end learns it (pip may say)
    version: str | None = None
    companions: list[Companion] = field(default_factory=list)
    #: more entries: one per installed distribution of a pip install (soft, version, ...)
    extra: list[Companion] = field(default_factory=list)


class Frontend:
    """Base class of front-ends; subclass it and register an instance.

    ``name`` is what a recipe's ``frontend.name`` and ``--frontend`` say."""

    name: str = ""
    #: how to get what the front-end needs when :meth:`available` says it is missing
    how_to_get: str = ""
    #: the tools it drives; each build of this front-end depends on them
    tools: tuple[Tool, ...] = ()
    #: the keys its ``[frontends.<name>]`` table in config.toml may have
    settings_keys: frozenset[str] = frozenset()

    def available(self, context: BuildContext) -> str | None:
        """None when this front-end can run here, else the reason it cannot (one clause:
        "spack is not detected here")."""
        return None

    def plan_notes(self, build: Build) -> list[str]:
        """Extra lines ``install --dry-run`` shows under the step (none by default). An
        override that declares a ``deps`` parameter (``plan_notes(self, build, deps=())``)
        also gets the entries the plan reuses or detects for the build's dependencies
        (the Python a pip install would use)."""
        return []

    def check_settings(self, settings: Mapping[str, Any]) -> str | None:
        """None when the ``[frontends.<name>]`` table is right, else what is wrong with it
        (one clause naming the key; a path that does not exist: the key and the path).
        The default refuses keys outside :attr:`settings_keys`."""
        for key in settings:
            if key not in self.settings_keys:
                known = ", ".join(sorted(self.settings_keys)) or "none"
                return f"unknown key '{key}' (known: {known})"
        return None

    def install(self, build: Build, staging: Path, context: BuildContext) -> Provided:
        """Build ``build`` into the empty folder ``staging`` (or into the tool's own store,
        returning ``Provided(prefix=...)``); raise an EnvmgrError on failure (the
        transaction removes staging)."""
        raise NotImplementedError

    def uninstall(self, entry: Entry, context: BuildContext) -> list[str]:
        """Remove what the tool built for ``entry`` outside envmgr's folder (a Spack spec,
        an EasyBuild software folder); returns what was removed, for the user. Called
        under the entry's lock when no other entry records the same build, unless
        ``uninstall --keep-build``. The default removes nothing."""
        return []


def relocate(staging: Path, prefix: Path, folders: Sequence[str] = ("bin",),
             files: Sequence[str] = ()) -> int:
    """Rewrite the staging path to the final prefix in the text files of ``folders`` (not
    below them) and in ``files``; returns how many files changed. Symbolic links and
    binary files are left alone."""
    old, new = str(staging).encode(), str(prefix).encode()
    todo: list[Path] = [staging / f for f in files]
    for folder in folders:
        try:
            todo += sorted(p for p in (staging / folder).iterdir())
        except OSError:
            continue
    changed = 0
    for path in todo:
        if path.is_symlink() or not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if old not in data or b"\0" in data[:8192]:
            continue
        mode = path.stat().st_mode
        tmp = path.with_name(path.name + ".envmgr-tmp")
        tmp.write_bytes(data.replace(old, new))
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        changed += 1
    return changed

