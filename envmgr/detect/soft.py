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

Softs that are not run have declarative forms too, each found through the same one
indexing pass (see :mod:`envmgr.detect`) and probed by reading a file, never by running
one::

    libraries = [r"libxml2\\.so\\.(?P<version>\\d[\\d.]*)"]  # a library file's name
    headers = ["zlib.h"]; version_macros = ["ZLIB_VERSION"]      # a header macro
    pkgconfig = "openssl"                                        # a pkg-config file
    python_dist = "numpy"                                        # a Python distribution
    markers = ["ILSVRC2012_val_00000001.JPEG"]; version = "2012" # files in a data dir

A soft may declare several forms; what they find for one prefix and version is one entry.
docs/declarations.md is the reference.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from envmgr._proc import RunResult
from envmgr.detect.probed import Probed
from envmgr.detect.syspaths import SYSTEM_PREFIXES, shared_bin_dir

__all__ = [
    "Soft", "Candidate", "Reject", "RunResult", "Runner", "Probed", "SYSTEM_PREFIXES", "KINDS",
    "read_text", "read_member", "entry_tags", "compiled", "executable_regex", "name_match",
    "version_stems", "VERSION_SUFFIX",
]

# Prefixes shared by unrelated software (SYSTEM_PREFIXES): their lib/include dirs are never
# recorded as an entry's own, and their bin dirs are exposed through a link dir (shell.py).

# What a candidate is; the order is the order in which a soft's forms are searched, so that
# where several forms find one installation the richer description comes first.
KINDS = ("executable", "pkgconfig", "header", "library", "python-dist", "directory")

# Library dir names: lib, lib64, and a multiarch dir below one (lib/x86_64-linux-gnu).
LIB_DIR_NAMES = frozenset({"lib", "lib32", "lib64", "libx32"})
MULTIARCH = re.compile(r"^[a-z0-9_]+-[a-z0-9_]+-[a-z0-9_]+$|^[a-z0-9_]+-linux-gnu\w*$")

# Headers, .pc files and METADATA are small; a larger file is read only this far.
READ_LIMIT = 1 << 20

# A trailing version in a command name: clang-16, gcc-12, python3.11, llvm-config-14.
_NAME_SUFFIX = re.compile(r"(-?\d+(?:\.\d+)*)$")

# The version suffix the host allows after every executable pattern, so that no plugin
# spells it out (issue 16): clang-19, rustc-1.80, gfortran-13, python3.12 (python + 3.12),
# go1.22, lua5.4, and python3 + .12. A bare run of digits (lz4, base64, bzip2) is a name
# of its own, not a version.
VERSION_SUFFIX = r"(?:-\d+(?:\.\d+)*|\d+(?:\.\d+)+|(?<=\d)\.\d+(?:\.\d+)*)"


def executable_regex(patterns: Sequence[str]) -> re.Pattern[str]:
    """One regex for a soft's executable ``patterns`` (matched against whole names)."""
    if not patterns:
        return compiled(r"(?!)")
    return compiled("|".join(f"(?:{p})" for p in patterns))


def version_stems(name: str) -> list[str]:
    """What ``name`` is without a version suffix (:data:`VERSION_SUFFIX`), each way it can
    be cut: ``rustc-1.80`` → ``rustc``; ``python3.12`` → ``python``, ``python3``."""
    if not name[-1:].isdigit():  # most names: no version at their end
        return []
    stems = _STEMS.get(name)
    if stems is None:
        stems = _STEMS[name] = _cut_stems(name)
    return stems


_STEMS: dict[str, list[str]] = {}


def _cut_stems(name: str) -> list[str]:
    start = len(name)
    while start > 1 and (name[start - 1].isdigit() or name[start - 1] in ".-"):
        start -= 1
    suffix = compiled(VERSION_SUFFIX)
    return [name[:i] for i in range(start, len(name)) if _cut_here(name, i)
            and suffix.fullmatch(name, i)]


def _cut_here(name: str, i: int) -> bool:
    """Whether ``name[:i]`` may be a name and ``name[i:]`` its version: never inside a
    number (``go1.2|2.0``) or after a separator (``rustc-|1.80``), and a ``.N`` suffix
    only after a name's own digits (``python3|.12``, not ``rustc-1|.80``)."""
    before, first = name[i - 1], name[i]
    if before in ".-" or (before.isdigit() and first.isdigit()):
        return False
    if first == ".":
        digits = len(name[:i]) - len(name[:i].rstrip("0123456789"))
        return i - digits > 0 and name[i - digits - 1].isalpha()
    return True


def name_match(regex: re.Pattern[str], name: str) -> int:
    """How ``name`` matches a soft's ``regex``: 0 not at all, 1 as it is, 2 only once a
    version suffix is cut off (the host's rule, not the plugin's pattern)."""
    if regex.fullmatch(name) is not None:
        return 1
    return 2 if any(regex.fullmatch(stem) for stem in version_stems(name)) else 0


# Every soft's patterns, compiled once per run. Not re's own cache: it holds 512 patterns,
# and hundreds of softs would evict each other from it.
_COMPILED: dict[tuple[str, int], re.Pattern[str]] = {}


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled once per process."""
    key = (pattern, flags)
    regex = _COMPILED.get(key)
    if regex is None:
        regex = _COMPILED[key] = re.compile(pattern, flags)
    return regex


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
    dir: str = ""
    """For other kinds, the search dir it was found in: the lib dir of a library, the
    include dir of a header (``/usr/include`` for ``openssl/opensslv.h``), the dir of a
    ``.pc`` file, the site-packages dir of a distribution, the data dir itself."""

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def suffix(self) -> str:
        """The version suffix of the file name: ``-16`` for ``clang-16``, else ``""``."""
        m = _NAME_SUFFIX.search(self.name)
        return m.group(1) if m and m.start() > 0 else ""


Runner = Callable[..., RunResult]
"""``run(argv, timeout=None, env=None)``: runs a probe command (host-provided)."""


class Reject(Exception):
    """Raised by a probe to say "not an installation of this soft", with the reason."""


_recording = threading.local()


def read_text(path: str, limit: int = READ_LIMIT) -> str:
    """A probe's way to read a file (``envmgr dev capture`` records what it reads).

    Decoded as UTF-8 with replacement; at most ``limit`` bytes. An unreadable file is a
    :class:`Reject`, not an error.
    """
    try:
        with open(path, "rb") as f:
            data = f.read(limit)
    except OSError as exc:
        raise Reject(f"cannot read {path}: {exc.strerror or exc}") from None
    text = data.decode("utf-8", "replace")
    recorded = getattr(_recording, "files", None)
    if recorded is not None:
        recorded[path] = text
    return text


def read_member(path: str, member: str, limit: int = READ_LIMIT) -> str:
    """A member of a jar or zip file, read as :func:`read_text` reads a file (and recorded
    as ``PATH!MEMBER``); a missing or unreadable one is a :class:`Reject`."""
    import zipfile

    try:
        data = _zip_member(path, member, limit)
        if data is None:  # a shape the quick reader leaves to zipfile (zip64, encrypted)
            with zipfile.ZipFile(path) as z, z.open(member) as f:
                data = f.read(limit)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError) as exc:
        raise Reject(f"cannot read {member} in {path}: {exc}") from None
    text = data.decode("utf-8", "replace")
    recorded = getattr(_recording, "files", None)
    if recorded is not None:
        recorded[f"{path}!{member}"] = text
    return text


def _zip_member(path: str, member: str, limit: int) -> bytes | None:
    """One member of a zip, found by searching its central directory's bytes for the name
    rather than parsing every entry (a compiler jar has 20,000: zipfile takes a second of
    a loaded machine); None where the quick way does not apply. Raises KeyError if the
    member is not there."""
    import struct
    import zlib

    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - 65557))
        tail = f.read()
        end = tail.rfind(b"PK\x05\x06")
        if end < 0 or len(tail) < end + 22:
            raise ValueError("not a zip file")
        cd_size, cd_offset = struct.unpack("<II", tail[end + 12:end + 20])
        if cd_offset == 0xFFFFFFFF or cd_size == 0xFFFFFFFF:
            return None  # zip64
        f.seek(cd_offset)
        cd = f.read(cd_size)
        name = member.encode()
        at = cd.find(name)
        while at >= 0:
            head = at - 46
            if head >= 0 and cd[head:head + 4] == b"PK\x01\x02" and struct.unpack(
                    "<H", cd[head + 28:head + 30])[0] == len(name):
                break
            at = cd.find(name, at + 1)
        else:
            raise KeyError(member)
        flags, method = struct.unpack("<HH", cd[head + 8:head + 12])
        csize = struct.unpack("<I", cd[head + 20:head + 24])[0]
        local = struct.unpack("<I", cd[head + 42:head + 46])[0]
        if flags & 1 or method not in (0, 8):
            return None  # encrypted, or compressed another way
        f.seek(local)
        lh = f.read(30)
        if lh[:4] != b"PK\x03\x04":
            raise ValueError("bad local header")
        nlen, xlen = struct.unpack("<HH", lh[26:30])
        f.seek(local + 30 + nlen + xlen)
        raw = f.read(csize)
    if method == 0:
        return raw[:limit]
    return zlib.decompressobj(-15).decompress(raw, limit)


class recording_reads:  # noqa: N801 - used as a context manager, like open()
    """Within ``with recording_reads() as files:``, :func:`read_text` records path → text
    in ``files`` (this thread only)."""

    def __enter__(self) -> dict[str, str]:
        self.files: dict[str, str] = {}
        _recording.files = self.files
        return self.files

    def __exit__(self, *exc: object) -> None:
        _recording.files = None


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

    # -- other forms: found by a file that is read, never run --------------------------
    libraries: ClassVar[Sequence[str]] = ()
    """Regexes, each matched against whole file names in library dirs
    (``libxml2\\.so\\.(?P<version>\\d[\\d.]*)``). The version is group ``version`` (or 1)
    of the most specific of the file's names: its own, its symlink target's, the links'."""
    headers: ClassVar[Sequence[str]] = ()
    """Header paths relative to an include dir (``zlib.h``, ``openssl/opensslv.h``)."""
    version_macros: ClassVar[Sequence[str]] = ()
    """Macros of a header whose values, joined by dots, are the version: one
    (``ZLIB_VERSION`` → ``1.2.13``) or several (``CUDNN_MAJOR``, ``CUDNN_MINOR``,
    ``CUDNN_PATCHLEVEL`` → ``8.9.7``). Without them, ``version_regex`` is searched in the
    header's text."""
    pkgconfig: ClassVar[str | Sequence[str]] = ()
    """pkg-config package name(s): ``<name>.pc`` is read from the pkg-config dirs (never run)."""
    python_dist: ClassVar[str | Sequence[str]] = ()
    """Python distribution name(s) (``numpy``): ``<name>-<version>.dist-info`` or
    ``.egg-info`` in the site-packages of every Python installation in the search space."""
    markers: ClassVar[Sequence[str]] = ()
    """Files (or globs) that must all be present in a dir for it to be one installation
    (a dataset, a model); relative to the dir. ``a|b`` is present when one of them is."""
    data_dirs: ClassVar[Sequence[str]] = ()
    """Dir globs where such dirs may be, besides the host's own (``$ENVMGR_DATA/*``,
    ``~/datasets/*``, ``~/data/*`` ...) and every dir of the search space."""
    version: ClassVar[str | None] = None
    """A fixed version, for installations whose files do not say it (``2012`` for the
    ILSVRC2012 validation set); used when no other way finds one."""
    version_file: ClassVar[str | None] = None
    """A file in a marker dir holding the version (searched with ``version_regex``, else
    its first line)."""

    # -- how to probe ----------------------------------------------------------------
    version_args: ClassVar[Sequence[str]] = ("--version",)
    """Arguments that make the executable print its version."""
    version_regex: ClassVar[str | None] = None
    """Searched (multiline) in the output; group ``version`` or group 1 is the version."""
    version_packing: ClassVar[Sequence[int]] = ()
    """Where the version is one integer packing its parts (``#define BOOST_VERSION 107400``,
    major * 100000 + minor * 100 + patch): the divisors, ``(100000, 100)``, that give
    1.74.0. Applies to what ``version_regex`` or ``version_macros`` found."""
    attrs_regex: ClassVar[Mapping[str, str]] = {}
    """Attribute name → regex searched (multiline) in the output; group 1 is the value
    (``{"target": r"^Target: (\\S+)"}``). Unmatched attributes are left out."""
    probe_env: ClassVar[Mapping[str, str]] = {}
    """Extra environment for the probe command (``LC_ALL=C`` is always set)."""
    timeout: ClassVar[float] = 10.0
    """Seconds a probe may take before it is killed and the candidate rejected."""
    release_files: ClassVar[Mapping[str, str]] = {}
    """Files under an executable's prefix that say its version → the regex that finds it
    there (group ``version`` or 1), tried in order before the executable is run; the
    first that matches answers, and the executable is run only where none does. A path
    may be a glob, and ``JAR!MEMBER`` names a member of a jar or zip:
    ``{"lib/ant.jar!org/apache/tools/ant/version.txt": r"^VERSION=(\\S+)"}``. For tools
    whose launcher starts a JVM (seconds) to print what a file says."""

    # -- what an entry exposes -------------------------------------------------------
    lib_dirs: ClassVar[Sequence[str]] = ("lib", "lib64")
    """Library dirs under the prefix, recorded when they exist (never for /usr)."""
    companions: ClassVar[Sequence[str]] = ()
    """Sibling commands with the same suffix (``g++`` for ``gcc-12`` → ``g++-12``),
    exposed in shells and usable in ``env`` templates as ``{cmd[g++]}``."""
    env: ClassVar[Mapping[str, str]] = {}
    """Variables an entry sets; templates see ``{prefix}``, ``{version}``, ``{path}`` (the
    file or dir found), and ``{bindir}``, ``{executable}`` and ``{cmd[NAME]}`` for an
    executable, ``{libdir}`` and ``{includedir}`` where the entry has them. A template
    naming a missing value is skipped; any other brace is the value's own (``${HOME}``),
    and ``{{``/``}}`` are one brace."""
    compilers: ClassVar[Mapping[str, str | Sequence[str]]] = {}
    """A compiler's languages: language (``c``, ``cxx``, ``fortran`` ...) → the command
    that compiles it, or several names, the first found wins (``{"fortran": ["flang",
    "flang-new"]}``). The executable's own name counts; the others are companions. An
    entry records ``attrs.compilers`` (language → path) and ``attrs.languages`` for those
    it has, sets ``CC``, ``CXX``, ``FC`` (unless ``env`` does) and carries ``lang-c``,
    ``lang-cpp``, ``lang-fortran`` ..."""

    # ---------------------------------------------------------------------------------
    @classmethod
    def all_names(cls) -> list[str]:
        return [cls.name, *cls.aliases]

    @classmethod
    def forms(cls) -> list[str]:
        """The kinds of candidates this soft declares (see :data:`KINDS`), in search order."""
        declared = {
            "executable": cls.executables,
            "pkgconfig": cls.pkgconfig,
            "header": cls.headers,
            "library": cls.libraries,
            "python-dist": cls.python_dist,
            "directory": cls.markers,
        }
        return [kind for kind in KINDS if declared[kind]]

    @classmethod
    def names_of(cls, attr: str) -> list[str]:
        """A str-or-list declaration (``pkgconfig``, ``python_dist``) as a list."""
        value = getattr(cls, attr)
        return [value] if isinstance(value, str) else list(value)

    @classmethod
    def compiler_names(cls) -> dict[str, list[str]]:
        """``compilers`` with each value a list of command names."""
        return {lang: [names] if isinstance(names, str) else list(names)
                for lang, names in cls.compilers.items()}

    @classmethod
    def companion_names(cls) -> list[str]:
        """``companions`` and the commands of ``compilers``, each once."""
        names = [*cls.companions]
        for alternatives in cls.compiler_names().values():
            names += alternatives
        return list(dict.fromkeys(names))

    @classmethod
    def matches(cls, filename: str) -> bool:
        """Whether a file name is a candidate executable of this soft: one of its patterns,
        with or without a version suffix."""
        return name_match(cls._exe_regex(), filename) > 0

    @classmethod
    def _exe_regex(cls) -> re.Pattern[str]:
        """The executables' patterns as one regex (without the host's version suffix)."""
        return executable_regex(cls.executables)

    @classmethod
    def versioned_name(cls, filename: str) -> bool:
        """Whether ``filename`` matches only through the host's version suffix (``rustc-1.80``
        for ``rustc``), not through a pattern of its own."""
        return name_match(cls._exe_regex(), filename) == 2

    # -- hooks a declaration may override -------------------------------------------
    @classmethod
    def resolve(cls, path: str, resolve: Callable[[str], str]) -> str:
        """The real file behind ``path``; by default the host's resolver (symlinks and
        wrapper scripts followed). A venv's python overrides this to stay in the venv."""
        return resolve(path)

    @classmethod
    def skip_candidate(cls, candidate: Candidate) -> str | None:
        """Why ``candidate`` is not worth probing, or None (probe it).

        Asked before every probe, never cached: the place for a decision that depends on
        other files than the candidate (an ``llvm-config`` with a ``clang`` beside it),
        since a probe's result is cached by the candidate's own stat. Shown by
        ``--explain``.
        """
        return None

    @classmethod
    def probe_argv(cls, candidate: Candidate) -> list[str]:
        """The command that makes the candidate print its version."""
        return [candidate.path, *cls.version_args]

    @classmethod
    def run_probe(cls, candidate: Candidate, run: Runner) -> RunResult:
        """Run the probe command (``probe_argv``) with the soft's timeout and ``probe_env``."""
        return run(cls.probe_argv(candidate), timeout=cls.timeout, env=dict(cls.probe_env))

    @classmethod
    def probe(cls, candidate: Candidate, run: Runner) -> Probed:
        """Learn the candidate's version and facts; raise :class:`Reject` if it is not one.

        Returns a :class:`Probed`: ``{"version": ..., "attrs": {...}}`` and optionally
        ``prefix``, ``env``, ``tags`` and ``paths``. The version must be a version (letters,
        digits and ``. + _ ~ -``) and no value may hold a control character, else the
        candidate is rejected. The result is cached by (realpath, size, mtime) and the
        declaration, so it must depend on the file alone.

        A candidate of another kind than ``executable`` is read, not run: this calls
        ``probe_library``, ``probe_header``, ``probe_pkgconfig``, ``probe_python_dist``
        or ``probe_directory``.
        """
        if candidate.kind != "executable":
            method: Callable[[Candidate], Probed] | None = getattr(
                cls, "probe_" + candidate.kind.replace("-", "_"), None)
            if method is None:
                raise Reject(f"no probe for a candidate of kind {candidate.kind!r}")
            return method(candidate)
        if cls.release_files:
            released = cls.probe_release_files(candidate)
            if released is not None:
                return released
        return cls.probed_from(cls.run_probe(candidate, run))

    @classmethod
    def probed_from(cls, result: RunResult) -> Probed:
        """The version and attributes in a probe run's output (``run_probe``'s result);
        Reject, with the output's first line, when it names no version."""
        version = cls.determine_version(result.output)
        if not version:
            first = result.output.strip().splitlines()[:1]
            shown = first[0][:120] if first else "(nothing)"
            raise Reject(f"no version found in the output of {' '.join(result.argv)}: {shown}")
        return {"version": version, "attrs": cls.determine_attrs(result.output)}

    @classmethod
    def probe_release_files(cls, candidate: Candidate) -> Probed | None:
        """The version from the first of ``release_files`` under the prefix that holds
        it (``attrs.release_file`` says which, relative to the prefix); None if none does."""
        prefix = cls.determine_prefix(candidate)
        for path, member, regex in cls._release_paths(candidate):
            try:
                text = read_member(path, member) if member else read_text(path, limit=64 * 1024)
            except Reject:
                continue
            m = compiled(regex, re.MULTILINE).search(text)
            if m is None:
                continue
            version = m.group("version") if "version" in m.re.groupindex else (
                m.group(1) if m.re.groups else m.group(0))
            where = os.path.relpath(path, prefix) + (f"!{member}" if member else "")
            return {"version": version.strip(), "attrs": {"release_file": where}}
        return None

    @classmethod
    def release_paths(cls, candidate: Candidate) -> list[str]:
        """The files of ``release_files`` there are under the candidate's prefix."""
        return list(dict.fromkeys(p for p, _, _ in cls._release_paths(candidate)))

    @classmethod
    def _release_paths(cls, candidate: Candidate) -> list[tuple[str, str, str]]:
        import glob

        prefix = cls.determine_prefix(candidate)
        out = []
        for spec, regex in cls.release_files.items():
            rel, _, member = spec.partition("!")
            for path in sorted(glob.glob(os.path.join(glob.escape(prefix), rel))):
                out.append((path, member, regex))
        return out

    @classmethod
    def determine_version(cls, output: str) -> str | None:
        """The version in a probe's output, or None."""
        if not cls.version_regex:
            return None
        m = compiled(cls.version_regex, re.MULTILINE).search(output)
        if not m:
            return None
        if "version" in m.re.groupindex:
            return cls.unpack_version(m.group("version"))
        return cls.unpack_version(m.group(1) if m.re.groups else m.group(0))

    @classmethod
    def unpack_version(cls, value: str | None) -> str | None:
        """``value`` as it is, or, with ``version_packing``, the packed integer spelt out
        (None where it is no integer)."""
        if not cls.version_packing or value is None:
            return value
        if not value.isdigit():
            return None
        rest, parts = int(value), []
        for base in cls.version_packing:
            parts.append(rest // base)
            rest %= base
        return ".".join(str(p) for p in (*parts, rest))

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        """Extra facts from a probe's output (a target triple, a CUDA arch ...)."""
        attrs = {}
        for attr, regex in cls.attrs_regex.items():
            m = compiled(regex, re.MULTILINE).search(output)
            if m:
                attrs[attr] = (m.group(1) if m.re.groups else m.group(0)).strip()
        return attrs

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        """The installation prefix: the parent of the real file's ``bin``/``sbin`` dir.

        Other kinds: a lib dir's parent (``/usr`` for ``/usr/lib/x86_64-linux-gnu``), an
        include dir's parent, the site-packages dir of a distribution, the data dir.
        (A ``.pc`` file's prefix comes from its probe.)
        """
        if candidate.kind in ("library", "header", "pkgconfig"):
            return prefix_of_dir(candidate.dir or os.path.dirname(candidate.path))
        if candidate.kind == "python-dist":
            return candidate.dir or os.path.dirname(candidate.realpath)
        if candidate.kind == "directory":
            return candidate.path
        bindir = os.path.dirname(candidate.realpath)
        if os.path.basename(bindir) in ("bin", "sbin"):
            return os.path.dirname(bindir) or "/"
        return bindir

    @classmethod
    def determine_paths(cls, prefix: str, candidate: Candidate) -> dict[str, list[str]]:
        """bin, lib and include dirs; a system prefix's lib and include are not the entry's.

        A library's own lib dir and a header's own include dir are always the entry's
        (shells never put system dirs on the path); a distribution or a data dir has none.
        """
        if candidate.kind != "executable":
            return cls._file_paths(prefix, candidate)
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
    def _file_paths(cls, prefix: str, candidate: Candidate) -> dict[str, list[str]]:
        paths: dict[str, list[str]] = {"bin": [], "lib": [], "include": []}
        own = candidate.dir or os.path.dirname(candidate.path)
        if candidate.kind == "library":
            paths["lib"].append(own)
        elif candidate.kind == "header":
            paths["include"].append(own)
        else:
            return paths
        if prefix in SYSTEM_PREFIXES:
            return paths
        # a library's include dir, a header's lib dirs, where the prefix has them
        wanted = [("include", "include")] if candidate.kind == "library" else [
            ("lib", sub) for sub in cls.lib_dirs]
        for key, sub in wanted:
            d = os.path.join(prefix, sub)
            if os.path.isdir(d):
                paths[key].append(d)
        return paths

    @classmethod
    def commands(cls, candidate: Candidate) -> dict[str, str]:
        """Command name → file: what a shell exposes for this entry.

        The executable under its own name, without its version suffix (``clang-16`` and
        ``clang``) and under the other names that resolved to it (``gmake``), and each
        companion found beside the real file, then beside the found one. In a shared
        dir (``/usr/bin``) a companion must carry the same suffix, so that ``g++-12``
        never pairs with another version's ``g++``. Other kinds have none.
        """
        if candidate.kind != "executable":
            return {}
        suffix = candidate.suffix
        base = candidate.name[: -len(suffix)] if suffix else candidate.name
        cmds = {candidate.name: candidate.path, base: candidate.path}
        for other in candidate.also:
            cmds.setdefault(os.path.basename(other), candidate.path)
        dirs = dict.fromkeys((os.path.dirname(candidate.realpath), os.path.dirname(candidate.path)))
        for comp in cls.companion_names():
            if comp in cmds:
                continue
            for d in dirs:
                shared = shared_bin_dir(d)
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

    # -- the probes of the other forms (each may be overridden) ------------------------
    @classmethod
    def probe_library(cls, candidate: Candidate) -> Probed:
        """The version in the names of a library file: the most specific of its own, its
        symlink target's and the other links' (``libz.so.1`` → ``libz.so.1.2.13``)."""
        names = [os.path.basename(p) for p in (candidate.realpath, candidate.path, *candidate.also)]
        best: str | None = None
        for name in dict.fromkeys(names):
            for pattern in cls.libraries:
                m = compiled(pattern).fullmatch(name)
                if not m:
                    continue
                v = m.group("version") if "version" in m.re.groupindex else (
                    m.group(1) if m.re.groups else None)
                if v and (best is None or _specificity(v) > _specificity(best)):
                    best = v
        version = best or cls.version
        if not version:
            raise Reject(f"no version in the names {', '.join(dict.fromkeys(names))}")
        return {"version": version.rstrip("."), "attrs": {}}

    @classmethod
    def probe_header(cls, candidate: Candidate) -> Probed:
        """Read the header; the version is ``version_macros``' values, else ``version_regex``."""
        text = read_text(candidate.realpath)
        if cls.version_macros:
            version = cls.version_from_macros(text)
            what = "macros " + ", ".join(cls.version_macros)
        else:
            version = cls.determine_version(text)
            what = f"a match of {cls.version_regex!r}"
        version = version or cls.version
        if not version:
            raise Reject(f"{candidate.path} has no {what}")
        return {"version": version, "attrs": cls.determine_attrs(text)}

    @classmethod
    def version_from_macros(cls, text: str) -> str | None:
        """The values of ``version_macros`` in a header, joined by dots; None if one is missing."""
        macros = header_macros(text)
        parts = []
        for name in cls.version_macros:
            value = macros.get(name)
            if value is None or value == "":
                return None
            parts.append(value)
        return cls.unpack_version(".".join(parts) or None)

    @classmethod
    def probe_pkgconfig(cls, candidate: Candidate) -> Probed:
        """Read a ``.pc`` file: ``Version:``, and the prefix, libdir and includedir.

        The file's ``prefix=`` is trusted where the file lies under it; elsewhere (a
        relocated tree, a recorded case) the prefix is derived from where the file is, as
        ``pkg-config --define-prefix`` does, and the other variables follow it.
        """
        text = read_text(candidate.realpath)
        pcdir = os.path.dirname(candidate.realpath)
        raw, fields = parse_pc(text)
        declared = _pc_expand(raw, {"pcfiledir": pcdir}).get("prefix", "")
        prefix = declared
        if not declared or not (pcdir + os.sep).startswith(declared.rstrip(os.sep) + os.sep):
            prefix = prefix_of_dir(pcdir)
        values = _pc_expand(raw, {"pcfiledir": pcdir, "prefix": prefix})
        declared_version = fields.get("Version", "").strip()
        # pkg-config expands variables in fields too: ncurses and OpenBLAS write
        # "version=6.4.20221231" and "Version: ${version}"
        version = _pc_expand_text(declared_version, values) or cls.version
        if not version:
            what = f"names a variable the file does not set ({declared_version})" if (
                declared_version) else "field"
            raise Reject(f"{candidate.path} has no Version: {what}")
        paths: dict[str, list[str]] = {"bin": [], "lib": [], "include": [], "pkgconfig": [pcdir]}
        for var, key in (("libdir", "lib"), ("includedir", "include")):
            if values.get(var):
                paths[key].append(os.path.normpath(values[var]))
        attrs: dict[str, Any] = {"pkgconfig": os.path.basename(candidate.path)[:-3]}
        for field_name in ("Libs", "Cflags", "Requires"):
            if fields.get(field_name, "").strip():
                # one line, single-spaced: a tab or a stray CR is not part of the flags
                flags = _pc_expand_text(fields[field_name], values)
                attrs[field_name.lower()] = " ".join(flags.split())
        attrs.update(cls.determine_attrs(text))
        return {"version": version, "attrs": attrs, "prefix": prefix, "paths": paths}

    @classmethod
    def probe_python_dist(cls, candidate: Candidate) -> Probed:
        """Read ``Version:`` from a distribution's METADATA (PKG-INFO for an egg-info).

        The entry carries the Python it belongs to, from the site-packages path:
        ``python`` (``3.11``), ``python_prefix`` and ``depends`` (a python entry by
        prefix and tags), and the tags ``py3.11`` and ``py3``.
        """
        path = candidate.realpath
        if path.endswith(".dist-info"):
            meta = os.path.join(path, "METADATA")
        elif os.path.isdir(path):
            meta = os.path.join(path, "PKG-INFO")
        else:
            meta = path
        text = read_text(meta, limit=64 * 1024)
        head = text.split("\n\n", 1)[0]
        m = _META_VERSION.search(head)
        if not m:
            raise Reject(f"{meta} has no Version: field")
        attrs: dict[str, Any] = {}
        n = _META_NAME.search(head)
        if n:
            attrs["dist"] = n.group(1)
        probed: Probed = {"version": m.group(1), "attrs": attrs}
        site = os.path.dirname(path)
        p = _SITE_DIR.search(site)
        if p:
            py, py_prefix = p.group(2), site[: p.start()] or "/"
            attrs.update({"python": py, "python_prefix": py_prefix, "site": site})
            attrs["depends"] = [{"soft": "python", "prefix": py_prefix,
                                 "tags": ["python", f"v{py}"]}]
            tags = [f"py{py}"]
            if "." in py:
                tags.append(f"py{py.split('.')[0]}")
            probed["tags"] = tags
        return probed

    @classmethod
    def probe_directory(cls, candidate: Candidate) -> Probed:
        """A dir with every marker: the version is ``version_file``'s, else ``version``."""
        version = None
        if cls.version_file:
            text = read_text(os.path.join(candidate.realpath, cls.version_file), limit=64 * 1024)
            if cls.version_regex:
                version = cls.determine_version(text)
            else:
                version = next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
        version = version or cls.version
        if not version:
            raise Reject(f"no version for {candidate.path}: declare version or version_file")
        # what `envmgr verify` checks again: the dir still holds every marker
        return {"version": version, "attrs": {"markers": list(cls.markers)}}


def entry_tags(soft: type[Soft], version: str, found_tags: Sequence[str] = (),
               source: str = "detected") -> list[str]:
    """An entry's tags, lowercase, each once: the soft's name, aliases, category and tags,
    the version's (``v3``, ``v3.11``, ``v3.11.2``), ``source``, the host's (``os-linux``,
    ``arch-x86_64``), then the probe's ``found_tags``."""
    from envmgr.platform import host_tags
    from envmgr.versions import version_tags

    tags = [soft.name, *soft.aliases, soft.category, *soft.tags, *version_tags(version),
            source, *host_tags(), *found_tags]
    return list(dict.fromkeys(t.lower() for t in tags if t))


# -- helpers of the file forms --------------------------------------------------------

_SITE_DIR = re.compile(r"/lib(?:64)?/(python(\d+(?:\.\d+)?)t?)/(?:site|dist)-packages$")
_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+(.*?)[ \t]*(?:/[/*].*)?$", re.MULTILINE)
_PC_VAR = re.compile(r"^[ \t]*([A-Za-z_][\w.]*)[ \t]*=(.*)$")
_PC_FIELD = re.compile(r"^[ \t]*([A-Za-z_][\w.]*)[ \t]*:(.*)$")
_META_VERSION = re.compile(r"^Version:[ \t]*(\S+)", re.MULTILINE)
_META_NAME = re.compile(r"^Name:[ \t]*(\S+)", re.MULTILINE)


def _specificity(version: str) -> tuple[int, int]:
    return (version.count("."), len(version))


def header_macros(text: str) -> dict[str, str]:
    """Object-like macros of a header → their values: quotes and ``(8)``/``9U`` wrappers
    removed, and a value naming another macro replaced by that macro's value."""
    raw: dict[str, str] = {}
    for name, value in _DEFINE.findall(text):
        raw.setdefault(name, value.strip())

    def clean(value: str, depth: int = 0) -> str:
        value = value.strip()
        while value.startswith("(") and value.endswith(")"):
            value = value[1:-1].strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            return value[1:-1]
        m = re.fullmatch(r"(\d+)[uUlL]*", value)
        if m:
            return m.group(1)
        if depth < 4 and value in raw:
            return clean(raw[value], depth + 1)
        return value

    return {name: clean(value) for name, value in raw.items()}


def parse_pc(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """A ``.pc`` file's variables (unexpanded) and fields (``Version``, ``Libs`` ...)."""
    variables: dict[str, str] = {}
    fields: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        f = _PC_FIELD.match(line)
        v = _PC_VAR.match(line)
        if f and (not v or line.index(":") < line.index("=")):
            fields.setdefault(f.group(1), f.group(2).strip())
        elif v:
            variables.setdefault(v.group(1), v.group(2).strip())
    return variables, fields


def _pc_expand_text(text: str, values: Mapping[str, str]) -> str:
    for _ in range(16):
        new = re.sub(r"\$\{(\w[\w.]*)\}", lambda m: values.get(m.group(1), ""), text)
        if new == text:
            break
        text = new
    return text


def _pc_expand(raw: Mapping[str, str], fixed: Mapping[str, str]) -> dict[str, str]:
    """Expand ``${var}`` references; ``fixed`` values override the file's."""
    values = {**raw, **fixed}
    return {k: _pc_expand_text(v, values) if k not in fixed else v for k, v in values.items()}


def prefix_of_dir(d: str) -> str:
    """The installation prefix of a lib, include or pkg-config dir.

    ``/usr/lib/x86_64-linux-gnu`` → ``/usr``, ``/opt/x/lib64`` → ``/opt/x``,
    ``/usr/include`` and ``/usr/include/x86_64-linux-gnu`` → ``/usr``,
    ``/usr/lib/x86_64-linux-gnu/pkgconfig`` → ``/usr``,
    ``/usr/share/pkgconfig`` → ``/usr``; a dir of another shape is its own prefix.
    """
    d = os.path.normpath(d)
    if os.path.basename(d) == "pkgconfig":
        d = os.path.dirname(d)
        if os.path.basename(d) == "share":
            return os.path.dirname(d) or "/"
    base = os.path.basename(d)
    parent = os.path.dirname(d)
    if MULTIARCH.match(base) and os.path.basename(parent) in (*LIB_DIR_NAMES, "include"):
        return os.path.dirname(parent) or "/"
    if base in LIB_DIR_NAMES or base == "include":
        return parent or "/"
    return d
