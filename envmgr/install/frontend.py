"""What a front-end is: the base class plugins subclass, what it is given and what it gives back.

A front-end turns a concrete :class:`~envmgr.install.recipe.Build` into files under a
staging folder. The transaction (:mod:`envmgr.install.transaction`) owns everything
around that: the lock, the staging folder, the one rename into the final prefix, the
smoke test and the registry. A front-end therefore never touches the registry and never
writes outside ``staging``; it must write files that work once ``staging`` is renamed to
``context.prefix`` (``context.relocate`` rewrites the staging path in text files that
embed it, such as a venv's scripts).

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

from envmgr.config import Limits

if TYPE_CHECKING:
    from envmgr.install.fetch.cache import DownloadCache
    from envmgr.install.recipe import Build
    from envmgr.store.entry import Entry

__all__ = ["Frontend", "BuildContext", "Provided", "Companion", "relocate", "run_tool"]


@dataclass
class BuildContext:
    """Everything a front-end may use for one install step."""

    #: the final install prefix (``<home>/install/<name>-<version>-<hash>``); not there yet
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
    #: download and extraction limits (config ``[download]``, ``[install]``); pass them
    #: to ``fetch``, ``fetch_extracting`` and ``extract`` as ``limits=``
    limits: Limits = field(default_factory=Limits)

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
    """What a front-end reports after building into staging.

    ``paths`` and ``attrs`` values that are relative paths are taken relative to the
    prefix. None for ``paths`` keeps what the recipe's ``provides`` says."""

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

    def available(self, context: BuildContext) -> str | None:
        """None when this front-end can run here, else the reason it cannot (one clause:
        "spack is not detected here")."""
        return None

    def plan_notes(self, build: Build) -> list[str]:
        """Extra lines ``install --dry-run`` shows under the step (none by default)."""
        return []

    def install(self, build: Build, staging: Path, context: BuildContext) -> Provided:
        """Build ``build`` into the empty folder ``staging``; raise an EnvmgrError on
        failure (the transaction removes staging)."""
        raise NotImplementedError


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


def run_tool(cmd: list[str], env: Mapping[str, str], cwd: Path, what: str, recipe: str, *,
             timeout: float, how_to_get: str, is_error: Callable[[str], bool],
             stderr_first: bool = False) -> str:
    """Run a back-end tool (``eb``, ``spack``) for a front-end and return its stdout.

    A tool that is not there is an :class:`~envmgr.install.errors.InstallError` saying
    ``how_to_get`` it; one that fails is the first line ``is_error`` picks out of its output
    (else the last line), so that one sentence says why.
    """
    import subprocess

    from envmgr.install.errors import InstallError

    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(env), cwd=cwd,
                              stdin=subprocess.DEVNULL, timeout=timeout)
    except FileNotFoundError:
        raise InstallError(f"{what} for {recipe} failed: {cmd[0]} was not found",
                           how_to_get) from None
    except subprocess.TimeoutExpired:
        raise InstallError(f"{what} for {recipe} ran past {timeout / 60:.0f} minutes") from None
    if proc.returncode != 0:
        text = proc.stderr + "\n" + proc.stdout if stderr_first else \
            proc.stdout + "\n" + proc.stderr
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        why = next((ln for ln in lines if is_error(ln)), None) \
            or (lines[-1] if lines else f"exit status {proc.returncode}")
        raise InstallError(f"{what} for {recipe} failed: {why[:300]}")
    return proc.stdout
