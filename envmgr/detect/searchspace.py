"""The search space and its indexing.

The executables' dirs: PATH, the standard prefixes, every requested soft's ``search_dirs``
and the plugins' ``envmgr_search_dirs``; shim dirs (pyenv, asdf, mise, ccache) are
skipped, symlinked dirs visited once. One ``scandir`` pass indexes file names → paths.
The dirs of the other forms (lib, include, pkg-config, site-packages dirs: the standard
ones, those named by the environment, and those of every prefix in the search space) are
indexed the same way, each kind once and only when a requested soft declares that form.
"""

from __future__ import annotations

import bisect
import errno
import fnmatch
import glob
import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence

from envmgr.detect import syspaths
from envmgr.detect.explain import Explain
from envmgr.detect.soft import (
    LIB_DIR_NAMES,
    MULTIARCH,
    Soft,
    compiled,
    name_match,
    version_stems,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from envmgr.detect.probecache import ProbeCache

# Dirs the user named: one that cannot be searched is worth a warning, not only a line
# of --explain.
EXPLICIT_ORIGINS = frozenset({"--search-path", "config search_paths"})

STANDARD_DIRS = (
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
    "/opt/*/bin",
    "/snap/bin",
)

# The other forms' standard dirs, searched unless the search is isolated. Variables name
# path lists; the multiarch triple is filled in at run time.
STANDARD_FORM_DIRS: dict[str, tuple[str, ...]] = {
    "library": (
        "$LD_LIBRARY_PATH", "$LIBRARY_PATH", "/usr/local/lib", "/usr/local/lib64",
        "/usr/local/lib/{triple}", "/usr/lib/{triple}", "/usr/lib64", "/usr/lib",
        "/lib/{triple}", "/lib64", "/lib", "@ld.so.conf",
    ),
    "header": (
        "$CPATH", "$C_INCLUDE_PATH", "$CPLUS_INCLUDE_PATH", "/usr/local/include",
        "/usr/include/{triple}", "/usr/include",
    ),
    "pkgconfig": (
        "$PKG_CONFIG_PATH", "/usr/local/lib/pkgconfig", "/usr/local/lib/{triple}/pkgconfig",
        "/usr/local/share/pkgconfig", "/usr/lib/{triple}/pkgconfig", "/usr/lib64/pkgconfig",
        "/usr/lib/pkgconfig", "/usr/share/pkgconfig",
    ),
    "python-dist": (
        "$VIRTUAL_ENV/lib/python*/site-packages", "$CONDA_PREFIX/lib/python*/site-packages",
        "~/.local/lib/python*/site-packages",
        "$PYENV_ROOT/versions/*/lib/python*/site-packages",
        "~/.pyenv/versions/*/lib/python*/site-packages",
        "~/.local/share/uv/python/*/lib/python*/site-packages",
        "~/miniconda3/lib/python*/site-packages", "~/miniconda3/envs/*/lib/python*/site-packages",
        "~/anaconda3/lib/python*/site-packages", "~/anaconda3/envs/*/lib/python*/site-packages",
        "~/miniforge3/lib/python*/site-packages", "~/miniforge3/envs/*/lib/python*/site-packages",
        "/opt/conda/lib/python*/site-packages", "/opt/conda/envs/*/lib/python*/site-packages",
        "/usr/local/lib/python3*/dist-packages", "/usr/local/lib/python3*/site-packages",
        "/usr/lib/python3/dist-packages", "/usr/lib/python3*/site-packages",
    ),
    # one level only: a glob one level deeper would list every file of a flat dataset
    "directory": ("$ENVMGR_DATA", "$ENVMGR_DATA/*", "~/datasets/*", "~/data/*", "/data/*",
                  "/datasets/*"),
}

# Where, under a prefix of the search space, each form looks.
PREFIX_FORM_DIRS: dict[str, tuple[str, ...]] = {
    "library": ("lib", "lib64", "lib/{triple}"),
    "header": ("include", "include/{triple}"),
    "pkgconfig": ("lib/pkgconfig", "lib64/pkgconfig", "lib/{triple}/pkgconfig", "share/pkgconfig"),
    "python-dist": ("lib/python*/site-packages", "lib/python3*/dist-packages"),
}

# dispatchers, not installations
_SHIM_DIR = re.compile(r"(^|/)(shims|ccache)(/|$)|/\.?mise/installs/[^/]+/latest")


Lister = Callable[[str], "list[str] | None"]
"""A dir's names, or None where it cannot be listed (one listing per dir and run)."""


def expand_pattern(pattern: str, environ: dict[str, str],
                   listdir: Lister | None = None) -> list[str]:
    """A search-dir pattern's dirs: ``$VAR`` and ``~`` expanded, a glob matched. With
    ``listdir`` the glob lists each dir through it, so that the hundred patterns under
    ``/usr/lib`` or ``/opt`` list it once."""
    if "$" in pattern:
        expanded = _expandvars(pattern, environ)
        if "$" in expanded:  # an unset variable: drop the glob
            return []
        pattern = expanded
    pattern = os.path.expanduser(pattern)
    if any(c in pattern for c in "*?["):
        return listed_glob(pattern, listdir) if listdir else sorted(glob.glob(pattern))
    return [pattern]


def listed_glob(pattern: str, listdir: Lister) -> list[str]:
    """``sorted(glob.glob(pattern))`` for an absolute pattern, listing dirs through
    ``listdir`` (hidden names match only a pattern that starts with a dot, as glob's)."""
    if not os.path.isabs(pattern):
        return sorted(glob.glob(pattern))
    paths = [""]
    for part in pattern.strip("/").split("/"):
        if not part:
            continue
        if not any(c in part for c in "*?["):
            paths = [f"{p}/{part}" for p in paths]
            continue
        out = []
        for base in paths:
            names = listdir(base or "/")
            if names:
                out += [f"{base}/{n}" for n in fnmatch.filter(names, part)
                        if part.startswith(".") or not n.startswith(".")]
        paths = out
    return sorted(p for p in paths if os.path.lexists(p))


def _expandvars(text: str, environ: dict[str, str]) -> str:
    return re.sub(
        r"\$\{?(\w+)\}?", lambda m: environ.get(m.group(1), m.group(0)), text
    )


def is_shim(path: str) -> str | None:
    """Why ``path`` is a dispatcher rather than an installation, or None."""
    d = os.path.dirname(path)
    if _SHIM_DIR.search(d):
        return "a shim dir (version-manager dispatcher)"
    # rustup proxies: rustc, cargo ... in ~/.cargo/bin are the rustup binary itself
    rustup = os.path.join(d, "rustup")
    if os.path.basename(path) != "rustup" and os.path.exists(rustup):
        try:
            a, b = os.stat(path), os.stat(rustup)
            if (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev) or (
                a.st_size == b.st_size and os.path.realpath(path) == os.path.realpath(rustup)
            ):
                return "a rustup proxy (dispatcher)"
        except OSError:
            pass
    return None


_EXEC_LINE = re.compile(
    r"""^\s*exec\s+(?:"([^"]+)"|'([^']+)'|(\S+))\s+("\$@"|"\$\{@\}"|\$@|\$\*)\s*$""", re.M
)


def resolve_path(path: str, depth: int = 0) -> str:
    """Follow symlinks and small wrapper scripts (``exec /real/tool "$@"``) to the real file."""
    real = os.path.realpath(path)
    if depth > 4:
        return real
    try:
        if os.path.getsize(real) > 4096:
            return real
        with open(real, "rb") as f:
            head = f.read(4096)
    except OSError:
        return real
    if not head.startswith(b"#!"):
        return real
    text = head.decode("utf-8", "replace")
    lines = [ln for ln in text.splitlines()[1:] if ln.strip() and not ln.lstrip().startswith("#")]
    m = _EXEC_LINE.search(text)
    if m and len(lines) <= 3:
        target = next(g for g in m.groups()[:3] if g)
        if (os.path.isabs(target) and os.access(target, os.X_OK)
                and os.path.realpath(target) != real):
            return resolve_path(target, depth + 1)
    return real


def default_dirs() -> list[tuple[str, str]]:
    dirs = [(d, "PATH") for d in os.environ.get("PATH", "").split(os.pathsep) if d]
    for pattern in STANDARD_DIRS:
        dirs += [(d, "standard") for d in expand_pattern(pattern, dict(os.environ))]
    return dirs


def _shape(d: str) -> str | None:
    """The form whose dir ``d`` looks like: a lib, include, pkg-config or site-packages dir."""
    base = os.path.basename(d)
    if base in LIB_DIR_NAMES:
        return "library"
    if MULTIARCH.match(base) and os.path.basename(os.path.dirname(d)) in LIB_DIR_NAMES:
        return "library"
    if MULTIARCH.match(base) and os.path.basename(os.path.dirname(d)) == "include":
        return "header"  # /usr/include/x86_64-linux-gnu, where Debian puts cuDNN's headers
    return {
        "include": "header",
        "pkgconfig": "pkgconfig",
        "site-packages": "python-dist",
        "dist-packages": "python-dist",
    }.get(base)


def _norm_dir(d: str, realpath: Callable[[str], str] = os.path.realpath) -> str:
    """``d`` with its parent's symlinks resolved, the dir itself kept by name: /lib is
    /usr/lib on merged-usr systems, but /usr/local/cuda-13.0/lib64 stays lib64."""
    d = os.path.normpath(os.path.abspath(os.path.expanduser(d)))
    parent = os.path.dirname(d)
    return os.path.join(realpath(parent), os.path.basename(d)) if parent != d else d


def literal_prefix(pattern: str) -> str:
    """The literal text every match of ``pattern`` starts with (``libz.so.`` for
    ``libz\\.so\\.(?P<version>.*)``); empty where the pattern allows no such claim."""
    depth = 0
    escaped = in_class = False
    for c in pattern:  # a top-level alternation: no common start
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return ""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            out.append(pattern[i + 1])
            i += 2
            continue
        if c in ".^$*+?{}[]|()\\":
            break
        out.append(c)
        i += 1
    if i < len(pattern) and pattern[i] in "*?{" and out:
        out.pop()  # the last literal is optional
    return "".join(out)


_LITERALS: dict[str, str | None] = {}


def whole_literal(pattern: str) -> str | None:
    """The one name ``pattern`` matches where it is plain text (``cmake``, ``g\\+\\+``:
    ``g++``), else None: such a pattern is compared, not compiled."""
    if pattern not in _LITERALS:
        lit = literal_prefix(pattern)
        plain = pattern == lit and not any(c in pattern for c in ".^$*+?{}[]|()\\")
        _LITERALS[pattern] = lit if lit and (plain or pattern == re.escape(lit)) else None
    return _LITERALS[pattern]


def _literal_starts(pattern: str) -> list[str]:
    """The literal starts of ``pattern``'s matches: one, or two where it opens with an
    optional letter (``g?make``: ``gmake``, ``make``)."""
    if len(pattern) > 2 and pattern[0].isalnum() and pattern[1] == "?":
        rest = literal_prefix(pattern[2:])
        return [pattern[0] + rest, rest] if rest else [""]
    return [literal_prefix(pattern)]


class FormDirs:
    """The dirs of one form (lib, include ...) in search order, indexed by file name."""

    def __init__(self, kind: str, dirs: Sequence[tuple[str, str]], explain: Explain,
                 scan: bool = True, realpath: Callable[[str], str] = os.path.realpath) -> None:
        self.kind = kind
        self.dirs: list[tuple[str, str]] = []
        self.files: dict[str, list[str]] = {}
        seen: set[str] = set()
        for d, origin in dirs:
            if not os.path.isdir(d):  # most dirs derived from prefixes do not exist
                if os.path.lexists(d):
                    explain(f"skip {kind} dir {d} ({origin}): not a directory")
                continue
            d = _norm_dir(d, realpath)
            real = realpath(d)
            if real in seen:
                continue
            seen.add(real)
            if not scan:
                self.dirs.append((d, origin))
                continue
            try:
                names = os.listdir(d)
            except OSError as exc:
                explain(f"skip {kind} dir {d} ({origin}): {_why(exc)}")
                continue
            self.dirs.append((d, origin))
            explain(f"search {kind} dir {d} ({origin}): {len(names)} files")
            base = d.rstrip("/") + "/"  # thousands of names per lib dir: no os.path.join
            files = self.files
            for name in names:
                if name in files:
                    files[name].append(base + name)
                else:
                    files[name] = [base + name]
        self._sorted: list[str] | None = None

    def names_with_prefix(self, prefix: str) -> list[str]:
        if not prefix:
            return list(self.files)
        if self._sorted is None:
            self._sorted = sorted(self.files)
        i = bisect.bisect_left(self._sorted, prefix)
        out = []
        while i < len(self._sorted) and self._sorted[i].startswith(prefix):
            out.append(self._sorted[i])
            i += 1
        return out

    def order(self) -> dict[str, int]:
        return {d: i for i, (d, _) in enumerate(self.dirs)}


class SearchSpace:
    """The indexed search space: dirs in order, and file name → paths.

    The executables' dirs are indexed at once; each other form's dirs (:meth:`form`)
    the first time a soft of that form asks.
    """

    def __init__(
        self,
        dirs: Iterable[tuple[str, str]],
        explain: Explain,
        system: bool = False,
        environ: dict[str, str] | None = None,
        data_dirs: Sequence[tuple[str, str]] = (),
        cache: ProbeCache | None = None,
    ) -> None:
        self.dirs: list[tuple[str, str]] = []
        self.cache = cache
        """Where what files said is remembered between runs (the probe cache), if anywhere."""
        self.files: dict[str, list[str]] = {}
        self.explain = explain
        self.warnings: list[str] = []
        """Explicitly named dirs (``--search-path``, config) that could not be searched."""
        self.system = system
        self.environ = environ if environ is not None else dict(os.environ)
        self.data_dirs = list(data_dirs)
        self._forms: dict[str, FormDirs] = {}
        self._given: list[tuple[str, str]] = []
        self._site_index: dict[str, list[str]] | None = None
        self._site_provides: dict[str, list[str]] | None = None
        self._matched: dict[tuple[str, ...], list[str]] = {}
        self._sorted_names: list[str] | None = None
        self._listings: dict[str, list[str] | None] = {}
        self._name_rank: dict[str, int] = {}
        self._reals: dict[str, str] = {}
        self._order: dict[str, int] | None = None
        self._prefix_list: list[tuple[str, str, str]] | None = None
        seen: set[str] = set()
        for d, origin in dirs:
            d = os.path.abspath(os.path.expanduser(d))
            real = self._realpath(d)
            if real in seen:
                continue
            seen.add(real)
            if _SHIM_DIR.search(d) or _SHIM_DIR.search(real):
                explain(f"skip dir {d} ({origin}): shims are dispatchers, not installations")
                continue
            self._given.append((d, origin))
            try:
                entries = list(os.scandir(d))
            except OSError as exc:
                why = _why(exc)
                explain(f"skip dir {d} ({origin}): {why}")
                if origin in EXPLICIT_ORIGINS:
                    self.warnings.append(f"cannot search {d} ({origin}): {why}; skipped")
                continue
            self.dirs.append((d, origin))
            explain(f"search {d} ({origin}): {len(entries)} files")
            for e in entries:
                self.files.setdefault(e.name, []).append(e.path)

    def _names_for(self, patterns: Sequence[str]) -> Collection[str]:
        """The indexed names that may match one of ``patterns``, in index order: only those
        starting with each pattern's literal start (``cmake`` for ``cmake\\d?``), found by
        bisection, so that hundreds of softs do not each test every name."""
        prefixes = [x for p in patterns for x in _literal_starts(p)]
        if not prefixes or "" in prefixes:
            return self.files
        if self._sorted_names is None:
            self._sorted_names = sorted(self.files)
            self._name_rank = {n: i for i, n in enumerate(self.files)}
        names: set[str] = set()
        for prefix in prefixes:
            i = bisect.bisect_left(self._sorted_names, prefix)
            while i < len(self._sorted_names) and self._sorted_names[i].startswith(prefix):
                names.add(self._sorted_names[i])
                i += 1
        return sorted(names, key=self._name_rank.__getitem__)

    # -- the other forms' dirs ----------------------------------------------------------
    def form(self, kind: str) -> FormDirs:
        """The indexed dirs of ``kind`` (``library``, ``header``, ``pkgconfig``,
        ``python-dist``, ``directory``), built on first use."""
        fd = self._forms.get(kind)
        if fd is None:
            fd = FormDirs(kind, self._form_dirs(kind), self.explain, scan=kind != "directory",
                          realpath=self._realpath)
            self._forms[kind] = fd
        return fd

    def _form_dirs(self, kind: str) -> list[tuple[str, str]]:
        """Environment variables' dirs first, then the search space's own (a dir of the
        form's shape, or the form's dirs under each prefix), then the standard ones."""
        triple = syspaths.multiarch()
        env_dirs: list[tuple[str, str]] = []
        std_dirs: list[tuple[str, str]] = []
        if self.system:
            for pattern in STANDARD_FORM_DIRS.get(kind, ()):
                if pattern == "@ld.so.conf":
                    std_dirs += [(d, "ld.so.conf") for d in syspaths.ld_so_conf_dirs()]
                elif pattern.startswith("$") and "/" not in pattern:
                    value = self.environ.get(pattern[1:], "")
                    env_dirs += [(d, pattern[1:]) for d in value.split(os.pathsep) if d]
                else:
                    pattern = pattern.replace("{triple}", triple)
                    std_dirs += [(d, "standard") for d in expand_pattern(
                        pattern, self.environ, self.files_in)]
        own: list[tuple[str, str]] = []
        if kind == "directory":
            own = list(self._given) + list(self.data_dirs)
        else:
            for d, origin, prefix in self._prefixes():
                if _shape(d) == kind:
                    own.append((d, origin))
                for sub in PREFIX_FORM_DIRS.get(kind, ()):
                    sub = sub.replace("{triple}", triple)
                    path = os.path.join(prefix, sub)
                    found = listed_glob(path, self.files_in) if "*" in sub else [path]
                    own += [(p, f"prefix of {origin} dir") for p in found]
        return env_dirs + own + std_dirs

    def _realpath(self, path: str) -> str:
        """``os.path.realpath``, once per path and run: every form asks of the same dirs."""
        real = self._reals.get(path)
        if real is None:
            real = self._reals[path] = os.path.realpath(path)
        return real

    def _prefixes(self) -> list[tuple[str, str, str]]:
        """(dir, origin, prefix) of each searched dir, for every form: a bin dir's prefix
        is its real parent, another dir is its own."""
        if self._prefix_list is None:
            self._prefix_list = [
                (d, origin, os.path.dirname(self._realpath(d))
                 if os.path.basename(d) in ("bin", "sbin") else d)
                for d, origin in self._given
            ]
        return self._prefix_list

    def files_in(self, d: str) -> list[str] | None:
        """The names in dir ``d`` (listed once per run); None if it cannot be listed."""
        if d not in self._listings:
            try:
                self._listings[d] = os.listdir(d)
            except OSError:
                self._listings[d] = None
        return self._listings[d]

    def site_index(self) -> dict[str, list[str]]:
        """Normalised distribution name → its ``.dist-info``/``.egg-info`` paths."""
        if self._site_index is None:
            index: dict[str, list[str]] = {}
            for name, paths in self.form("python-dist").files.items():
                if name.endswith(".dist-info"):
                    stem = name[: -len(".dist-info")]
                elif name.endswith(".egg-info"):
                    stem = name[: -len(".egg-info")]
                else:
                    continue
                index.setdefault(dist_key(stem.split("-", 1)[0]), []).extend(paths)
            self._site_index = index
        return self._site_index

    def site_provides(self) -> dict[str, list[str]]:
        """Normalised top-level import name → the ``.dist-info``/``.egg-info`` dirs that
        install it, from each one's ``top_level.txt``, else its ``RECORD``: how a
        distribution renamed by a packager (Debian's ``h5py._debian_h5py_serial``) still
        says what it is. Files are read, no dir is listed again; built on first use."""
        if self._site_provides is None:
            by_dir: dict[str, list[str]] = {}
            for name, paths in self.form("python-dist").files.items():
                if name.endswith((".dist-info", ".egg-info")):
                    for path in paths:
                        by_dir.setdefault(os.path.dirname(path), []).append(name)
            provides: dict[str, list[str]] = {}
            for d, names in by_dir.items():
                for key, dist_names in self._dir_provides(d, names).items():
                    provides.setdefault(key, []).extend(os.path.join(d, n) for n in dist_names)
            self._site_provides = provides
        return self._site_provides

    def _dir_provides(self, d: str, names: list[str]) -> dict[str, list[str]]:
        """Import name → the dist-info names in site dir ``d`` that install it (not under
        their own name); remembered in the cache while ``d``'s entries are unchanged."""
        cache_key = self.cache.dir_key("site-provides", d) if self.cache else None
        known = self.cache.recall(cache_key) if self.cache else None
        if isinstance(known, dict):
            return known
        out: dict[str, list[str]] = {}
        for name in sorted(names):
            own = dist_key(name.rsplit(".", 1)[0].split("-", 1)[0])
            for top in _top_level_names(os.path.join(d, name)):
                key = dist_key(top)
                if key != own:  # its own name is in site_index already
                    out.setdefault(key, []).append(name)
        if self.cache:
            self.cache.remember(cache_key, out)
        return out

    def executables(self, soft: type[Soft]) -> list[str]:
        """Paths whose file name matches one of ``soft``'s executable patterns, in search order
        (worked out once per run and patterns: a deferred soft asks again once loaded)."""
        patterns = tuple(soft.executables)
        known = self._matched.get(patterns)
        if known is not None:
            return list(known)
        out: list[str] = []
        self._matched[patterns] = out
        names = self._names_for(patterns)
        if not names:  # no name with a pattern's literal start: no regex to compile
            return out
        literals = {whole_literal(p) for p in patterns}
        if None not in literals:  # plain names (most softs): compared, no regex compiled
            for name in names:
                if name in literals or any(s in literals for s in version_stems(name)):
                    out.extend(self.files[name])
        else:
            regex = soft._exe_regex()
            for name in names:
                if name_match(regex, name):
                    out.extend(self.files[name])
        if len(out) > 1:
            # by dir, then by pattern, a name of the pattern's own before a versioned one
            order = self._dir_order()
            out.sort(key=lambda p: (order.get(os.path.dirname(p), 0), _pattern_rank(soft, p)))
        return list(out)

    def _dir_order(self) -> dict[str, int]:
        if self._order is None:
            self._order = {d: i for i, (d, _) in enumerate(self.dirs)}
        return self._order


def dist_key(name: str) -> str:
    """A distribution name as dist-info dir names spell it, lowercased (PEP 503/427)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def provided_by(meta_dir: str) -> str | None:
    """The file of a ``.dist-info``/``.egg-info`` dir that says which top-level packages
    it installs: ``top_level.txt``, else ``RECORD``; None if it has neither."""
    for name in ("top_level.txt", "RECORD"):
        path = os.path.join(meta_dir, name)
        if os.path.isfile(path):
            return path
    return None


def _pattern_match(pattern: str, name: str) -> int:
    """:func:`name_match` for one pattern, a plain one compared rather than compiled."""
    lit = whole_literal(pattern)
    if lit is None:
        return name_match(compiled(pattern), name)
    return 1 if name == lit else 2 if lit in version_stems(name) else 0


def _top_level_names(meta_dir: str) -> list[str]:
    """The top-level packages and modules a distribution installs: its ``top_level.txt``,
    else the first parts of the paths its ``RECORD`` lists (never its metadata dir, a
    ``..`` path or a cache); nothing for an egg-info file or an unreadable dir."""
    path = os.path.join(meta_dir, "top_level.txt")
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return [ln.strip().replace("/", ".") for ln in f if ln.strip()]
    except OSError:
        pass
    try:
        with open(os.path.join(meta_dir, "RECORD"), encoding="utf-8", errors="replace") as f:
            text = f.read(256 * 1024)
    except OSError:
        return []
    out: dict[str, None] = {}
    for line in text.splitlines():
        first = line.split(",", 1)[0].split("/", 1)[0].strip('"')
        if (not first or first.startswith(".") or first == "__pycache__"
                or first.endswith((".dist-info", ".egg-info", ".data", ".pth"))):
            continue
        out[first[:-3] if first.endswith(".py") else first.split(".", 1)[0]] = None
    return list(out)


def _pattern_rank(soft: type[Soft], path: str) -> tuple[int, int]:
    """(the first pattern ``path``'s name matches, 1 if only with a version suffix)."""
    name = os.path.basename(path)
    how = [_pattern_match(p, name) for p in soft.executables]
    for want in (1, 2):
        if want in how:
            return (how.index(want), want)
    return (len(soft.executables), 2)


def _why(exc: OSError) -> str:
    """Why a dir cannot be listed, in words --explain shows."""
    if exc.errno in (errno.ENOENT,):
        return "not found"
    if exc.errno == errno.ENOTDIR:
        return "not a directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)
