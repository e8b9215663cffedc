"""The declaration language of detection plugins.

A soft is declared by a subclass of :class:`Soft` whose class attributes carry only data::

    class CMake(Soft):
        name = "cmake"
        category = "tool"
        summary = "Cross-platform build system generator"
        executables = [r"cmake"]
        version_regex = r"cmake version (\\S+)"

The host derives everything else: where to look, how to probe (run the executable with
``version_args`` and search the output with ``version_regex``), the prefix, the bin,
lib and include dirs, the commands exposed in a shell and the entry's tags. Override a
classmethod (``determine_version``, ``determine_attrs``, ``probe``, ``determine_prefix``,
``resolve``, ``commands``) only where the data cannot say it. Import time may only define
classes: no subprocesses, file access or heavy imports.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

__all__ = ["Soft", "Candidate", "Reject", "RunResult", "Runner", "SYSTEM_PREFIXES"]

# Prefixes shared by unrelated software: their lib/include dirs are never recorded as an
# entry's own, and their bin dirs are exposed through a link dir (see shell.py).
SYSTEM_PREFIXES = frozenset({"/", "/usr", "/usr/local"})

# A trailing version in a command name: clang-16, gcc-12, python3.11, llvm-config-14.
_NAME_SUFFIX = re.compile(r"(-?\d+(?:\.\d+)*)$")


@dataclass(frozen=True)
class Candidate:
    """A path that may be an installation of a soft."""

    path: str
    """The path as found in the search space (``/usr/bin/clang-16``)."""
    realpath: str
    """The path with symlinks and wrapper scripts resolved (``/usr/lib/llvm-16/bin/clang``)."""
    kind: str = "executable"
    """``executable``, ``library``, ``header``, ``pkgconfig``, ``directory`` ..."""
    also: tuple[str, ...] = ()
    """Other paths in the search space that resolved to the same file."""

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def suffix(self) -> str:
        """The version suffix of the file name: ``-16`` for ``clang-16``, else ``""``."""
        m = _NAME_SUFFIX.search(self.name)
        return m.group(1) if m and m.start() > 0 else ""


@dataclass(frozen=True)
class RunResult:
    """What a probe command printed (stdout and stderr together) and its exit status."""

    argv: tuple[str, ...]
    output: str
    returncode: int


Runner = Callable[..., RunResult]
"""``run(argv, timeout=None, env=None)``: runs a probe command (host-provided)."""


class Reject(Exception):
    """Raised by a probe to say "not an installation of this soft", with the reason."""


@dataclass
class Found:
    """A probed candidate, before it becomes a registry entry."""

    soft: type[Soft]
    candidate: Candidate
    version: str
    prefix: str
    paths: dict[str, list[str]]
    env: dict[str, str]
    attrs: dict[str, Any]
    tags: list[str] = field(default_factory=list)
    commands: dict[str, str] = field(default_factory=dict)


class Soft:
    """Base class of every soft declaration. Subclasses set the class attributes."""

    # -- what it is ------------------------------------------------------------------
    name: ClassVar[str] = ""
    """Unique soft name, lowercase (``llvm``, ``py-numpy``, ``dataset-imagenet-val``)."""
    aliases: ClassVar[Sequence[str]] = ()
    """Other names users type (``clang`` for ``llvm``); each is also an automatic tag."""
    category: ClassVar[str] = "tool"
    """``compiler``, ``lang``, ``tool``, ``lib``, ``cuda``, ``python-package``, ``dataset``..."""
    tags: ClassVar[Sequence[str]] = ()
    """Extra tags every entry of this soft carries (``lang-c``, ``build``)."""
    summary: ClassVar[str] = ""
    """One line for ``envmgr search``."""

    # -- where to look ---------------------------------------------------------------
    executables: ClassVar[Sequence[str]] = ()
    """Regexes, each matched against whole file names in the search space's bin dirs."""
    search_dirs: ClassVar[Sequence[str]] = ()
    """Extra dir globs to search; ``~`` and ``$VAR`` expand, a glob with an unset var is
    dropped (``$PYENV_ROOT/versions/*/bin``, ``/usr/lib/llvm-*/bin``)."""

    # -- how to probe ----------------------------------------------------------------
    version_args: ClassVar[Sequence[str]] = ("--version",)
    """Arguments that make the executable print its version."""
    version_regex: ClassVar[str | None] = None
    """Searched (multiline) in the output; group ``version`` or group 1 is the version."""
    attrs_regex: ClassVar[Mapping[str, str]] = {}
    """Attribute name → regex searched (multiline) in the output; group 1 is the value
    (``{"target": r"^Target: (\\S+)"}``). Unmatched attributes are left out."""
    probe_env: ClassVar[Mapping[str, str]] = {}
    """Extra environment for the probe command (``LC_ALL=C`` is always set)."""
    timeout: ClassVar[float] = 10.0
    """Seconds a probe may take before it is killed and the candidate rejected."""

    # -- what an entry exposes -------------------------------------------------------
    lib_dirs: ClassVar[Sequence[str]] = ("lib", "lib64")
    """Library dirs under the prefix, recorded when they exist (never for /usr)."""
    companions: ClassVar[Sequence[str]] = ()
    """Sibling commands with the same suffix (``g++`` for ``gcc-12`` → ``g++-12``),
    exposed in shells and usable in ``env`` templates as ``{cmd[g++]}``."""
    env: ClassVar[Mapping[str, str]] = {}
    """Variables an entry sets; templates see ``{prefix}``, ``{bindir}``,
    ``{executable}``, ``{version}`` and ``{cmd[NAME]}``. A template naming a missing
    command is skipped."""

    # ---------------------------------------------------------------------------------
    @classmethod
    def all_names(cls) -> list[str]:
        return [cls.name, *cls.aliases]

    @classmethod
    def matches(cls, filename: str) -> bool:
        """Whether a file name is a candidate executable of this soft."""
        return cls._exe_regex().fullmatch(filename) is not None

    @classmethod
    def _exe_regex(cls) -> re.Pattern[str]:
        cached = cls.__dict__.get("_compiled_exe")
        if cached is None:
            pattern = "|".join(f"(?:{p})" for p in cls.executables) or r"(?!)"
            cached = re.compile(pattern)
            cls._compiled_exe = cached  # type: ignore[attr-defined]
        return cached

    # -- hooks a declaration may override -------------------------------------------
    @classmethod
    def resolve(cls, path: str, resolve: Callable[[str], str]) -> str:
        """The real file behind ``path``; by default the host's resolver (symlinks and
        wrapper scripts followed). A venv's python overrides this to stay in the venv."""
        return resolve(path)

    @classmethod
    def probe_argv(cls, candidate: Candidate) -> list[str]:
        """The command that makes the candidate print its version."""
        return [candidate.path, *cls.version_args]

    @classmethod
    def probe(cls, candidate: Candidate, run: Runner) -> dict[str, Any]:
        """Learn the candidate's version and facts; raise :class:`Reject` if it is not one.

        Returns ``{"version": ..., "attrs": {...}}`` and optionally ``prefix``, ``env``
        and ``tags``. The result is cached by (realpath, size, mtime), so it must
        depend on the file alone.
        """
        result = run(cls.probe_argv(candidate), timeout=cls.timeout, env=dict(cls.probe_env))
        version = cls.determine_version(result.output)
        if not version:
            first = result.output.strip().splitlines()[:1]
            shown = first[0][:120] if first else "(nothing)"
            raise Reject(f"no version found in the output of {' '.join(result.argv)}: {shown}")
        return {"version": version, "attrs": cls.determine_attrs(result.output)}

    @classmethod
    def determine_version(cls, output: str) -> str | None:
        """The version in a probe's output, or None."""
        if not cls.version_regex:
            return None
        m = re.search(cls.version_regex, output, re.MULTILINE)
        if not m:
            return None
        if "version" in m.re.groupindex:
            return m.group("version")
        return m.group(1) if m.re.groups else m.group(0)

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        """Extra facts from a probe's output (a target triple, a CUDA arch ...)."""
        attrs = {}
        for attr, regex in cls.attrs_regex.items():
            m = re.search(regex, output, re.MULTILINE)
            if m:
                attrs[attr] = (m.group(1) if m.re.groups else m.group(0)).strip()
        return attrs

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        """The installation prefix: the parent of the real file's ``bin``/``sbin`` dir."""
        bindir = os.path.dirname(candidate.realpath)
        if os.path.basename(bindir) in ("bin", "sbin"):
            return os.path.dirname(bindir) or "/"
        return bindir

    @classmethod
    def determine_paths(cls, prefix: str, candidate: Candidate) -> dict[str, list[str]]:
        """bin, lib and include dirs; a system prefix's lib and include are not the entry's."""
        paths: dict[str, list[str]] = {
            "bin": [os.path.dirname(candidate.realpath)],
            "lib": [],
            "include": [],
        }
        if prefix in SYSTEM_PREFIXES:
            return paths
        for sub in cls.lib_dirs:
            d = os.path.join(prefix, sub)
            if os.path.isdir(d):
                paths["lib"].append(d)
        d = os.path.join(prefix, "include")
        if os.path.isdir(d):
            paths["include"].append(d)
        return paths

    @classmethod
    def commands(cls, candidate: Candidate) -> dict[str, str]:
        """Command name → file: what a shell exposes for this entry.

        The executable under its own name, without its version suffix (``clang-16`` and
        ``clang``) and under the other names that resolved to it (``gmake``), and each
        companion found beside the real file, then beside the found one. In a shared
        dir (``/usr/bin``) a companion must carry the same suffix, so that ``g++-12``
        never pairs with another version's ``g++``.
        """
        suffix = candidate.suffix
        base = candidate.name[: -len(suffix)] if suffix else candidate.name
        cmds = {candidate.name: candidate.path, base: candidate.path}
        for other in candidate.also:
            cmds.setdefault(os.path.basename(other), candidate.path)
        dirs = dict.fromkeys((os.path.dirname(candidate.realpath), os.path.dirname(candidate.path)))
        for comp in cls.companions:
            for d in dirs:
                shared = os.path.dirname(d) in SYSTEM_PREFIXES
                names = [comp + suffix] if (shared and suffix) else [comp + suffix, comp]
                path = next((p for p in (os.path.join(d, n) for n in dict.fromkeys(names))
                             if os.access(p, os.X_OK) and not os.path.isdir(p)), None)
                if path:
                    cmds.setdefault(comp, path)
                    cmds.setdefault(os.path.basename(path), path)
                    break
        return cmds

    @classmethod
    def extra_tags(cls, found: Found) -> list[str]:
        """Tags beyond the automatic ones, from the probed facts."""
        return []
