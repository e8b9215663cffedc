"""A soft's candidates in the search space, form by form: its patterns matched against
the index, then resolved (symlinks, wrapper scripts that ``exec`` another file) so that one
installation is probed once; rustup proxies and other dispatchers are skipped."""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Callable

from envmgr.detect.explain import Explain
from envmgr.detect.searchspace import SearchSpace, dist_key, is_shim, literal_prefix, resolve_path
from envmgr.detect.soft import Candidate, Soft, compiled


def candidates(soft: type[Soft], space: SearchSpace, explain: Explain) -> list[Candidate]:
    """Resolved, de-duplicated candidates of ``soft`` in the search space, form by form."""
    out: list[Candidate] = []
    for kind in soft.forms():
        out += candidates_of_kind(soft, kind, space, explain)
    return out


def candidates_of_kind(soft: type[Soft], kind: str, space: SearchSpace,
                       explain: Explain) -> list[Candidate]:
    """The candidates of one of ``soft``'s forms (``executable``, ``library`` ...)."""
    if kind == "executable":
        return _executable_candidates(soft, space, explain)
    return _FORM_CANDIDATES[kind](soft, space, explain)


def _executable_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    by_real: dict[str, list[str]] = {}
    inodes: dict[tuple[int, int], str] = {}
    for path in space.executables(soft):
        if not os.access(path, os.X_OK) or os.path.isdir(path):
            continue
        why = is_shim(path)
        if why:
            explain(f"{soft.name}: reject {path}: {why}")
            continue
        if soft.versioned_name(os.path.basename(path)):
            explain(f"{soft.name}: {path}: a versioned name of "
                    f"{', '.join(soft.executables)}")
        real = soft.resolve(path, resolve_path)
        if real not in by_real:
            # a hard link (Debian's perl5.36.0 and perl, gawk-5.2.1 and gawk) is the
            # same file under another name: one candidate
            try:
                st = os.stat(real)
                real = inodes.setdefault((st.st_dev, st.st_ino), real)
            except OSError:
                pass
        by_real.setdefault(real, []).append(path)
    out = []
    for real, paths in by_real.items():
        # prefer the real file itself, then the first found in search order
        chosen = real if real in paths else paths[0]
        others = tuple(p for p in paths if p != chosen)
        if others:
            explain(f"{soft.name}: {', '.join(others)} resolve to {real}: one candidate")
        out.append(Candidate(path=chosen, realpath=real, also=others))
    return out


def file_candidates(
    soft: type[Soft], kind: str, found: list[tuple[str, str]], explain: Explain
) -> list[Candidate]:
    """(path, search dir) pairs → candidates, one per real file (the real file's own
    name preferred, the other names kept in ``also``)."""
    by_real: dict[str, list[tuple[str, str]]] = {}
    for path, d in found:
        real = os.path.realpath(path)
        by_real.setdefault(real, []).append((path, d))
    out = []
    for real, pairs in by_real.items():
        chosen = next((p for p in pairs if p[0] == real), pairs[0])
        others = tuple(p for p, _ in pairs if p != chosen[0])
        if others:
            explain(f"{soft.name}: {', '.join(others)} resolve to {real}: one candidate")
        out.append(Candidate(path=chosen[0], realpath=real, kind=kind, also=others, dir=chosen[1]))
    return out


def _library_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    fd = space.form("library")
    order = fd.order()
    found: list[tuple[str, str]] = []
    for pattern in soft.libraries:
        regex = compiled(pattern)
        for name in fd.names_with_prefix(literal_prefix(pattern)):
            if regex.fullmatch(name):
                found += [(p, os.path.dirname(p)) for p in fd.files[name] if os.path.isfile(p)]
    found.sort(key=lambda pd: order.get(pd[1], 0))
    return file_candidates(soft, "library", list(dict.fromkeys(found)), explain)


def _header_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    fd = space.form("header")
    order = fd.order()
    found: list[tuple[str, str]] = []
    for header in soft.headers:
        first = header.split("/", 1)[0]
        for top in fd.files.get(first, ()):
            incdir = os.path.dirname(top)
            path = os.path.join(incdir, header)
            if os.path.isfile(path):
                found.append((path, incdir))
    found.sort(key=lambda pd: order.get(pd[1], 0))
    return file_candidates(soft, "header", found, explain)


def _pkgconfig_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    fd = space.form("pkgconfig")
    found: list[tuple[str, str]] = []
    for name in soft.names_of("pkgconfig"):
        found += [(p, os.path.dirname(p)) for p in fd.files.get(name + ".pc", ())
                  if os.path.isfile(p)]
    return file_candidates(soft, "pkgconfig", found, explain)


def _python_dist_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    index = space.site_index()
    found: list[tuple[str, str]] = []
    for name in soft.names_of("python_dist"):
        key = dist_key(name)
        named = [(p, os.path.dirname(p)) for p in index.get(key, ())]
        found += named
        # a site dir without a dist of that name: one that installs the package under
        # another distribution name (a packager's rename) answers for it
        sites = {d for _, d in named}
        for p in space.site_provides().get(key, ()):
            if os.path.dirname(p) not in sites:
                explain(f"{soft.name}: {p} installs {name} (top_level.txt or RECORD)")
                found.append((p, os.path.dirname(p)))
    return file_candidates(soft, "python-dist", found, explain)


def _has_marker(d: str, marker: str, space: SearchSpace) -> bool:
    if "|" in marker:  # alternatives: a model dir holds one of its published file names
        return any(_has_marker(d, m, space) for m in marker.split("|") if m)
    if any(c in marker for c in "*?["):
        if "/" not in marker:
            names = space.files_in(d)
            if names is not None:
                return bool(fnmatch.filter(names, marker))
        return bool(glob.glob(os.path.join(glob.escape(d), marker)))
    return os.path.exists(os.path.join(d, marker))


def _directory_candidates(
    soft: type[Soft], space: SearchSpace, explain: Explain
) -> list[Candidate]:
    fd = space.form("directory")
    markers = list(soft.markers)
    dirs = [d for d, _ in fd.dirs]
    alternatives = markers[0].split("|")
    if not any(c in alt for alt in alternatives for c in "*?[/"):
        # the search space's own dirs are indexed: look the first marker (each of its
        # alternatives) up there
        indexed = {os.path.dirname(p) for alt in alternatives for p in space.files.get(alt, ())}
        scanned = {d for d, _ in space.dirs}
        dirs = [d for d in dirs if d in indexed or d not in scanned]
    found: list[tuple[str, str]] = []
    for d in dirs:
        if all(_has_marker(d, m, space) for m in markers):
            found.append((d, d))
    if found:
        explain(f"{soft.name}: {len(found)} dir(s) hold {', '.join(markers)}")
    return file_candidates(soft, "directory", found, explain)


_FORM_CANDIDATES: dict[str, Callable[[type[Soft], SearchSpace, Explain], list[Candidate]]] = {
    "library": _library_candidates,
    "header": _header_candidates,
    "pkgconfig": _pkgconfig_candidates,
    "python-dist": _python_dist_candidates,
    "directory": _directory_candidates,
}
