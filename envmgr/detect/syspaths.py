"""The system's own dirs, read from the machine: the one place that decides them.

- :data:`SYSTEM_PREFIXES`: prefixes shared by unrelated software (``/``, ``/usr``,
  ``/usr/local``); their lib and include dirs are never an entry's own.
- :func:`multiarch`: this machine's multiarch triple (``x86_64-linux-gnu``), from the
  interpreter's build (``sys.implementation._multiarch``, else sysconfig's ``MULTIARCH``),
  else from the multiarch dirs that exist, else from ``os.uname()``; never a subprocess.
- :func:`loader_dirs`: where the dynamic loader looks by itself: its default dirs (``/lib``,
  ``/usr/lib``, their ``lib64`` and multiarch forms where they exist) and every dir
  ``/etc/ld.so.conf`` names, ``include`` files followed.
- :func:`is_system_lib_dir`, :func:`is_system_include_dir`: a dir activation must never put
  on ``LD_LIBRARY_PATH`` / ``CPATH``: one of the loader's dirs, or a lib (include) dir of a
  system prefix, or a multiarch dir below one, for any architecture
  (``/usr/lib/i386-linux-gnu`` too: it is the system's, not an entry's).
- :func:`shared_bin_dir`: a bin dir that holds unrelated software (``/usr/bin``,
  ``~/.local/bin``): an entry's commands are exposed from it through a link dir, and a
  companion found in it must carry the entry's version suffix.

The machine facts are read once per process (a few small files, no imports beyond ``os``
and ``sys``); :func:`fingerprint` names the files they come from, for caches that keep
results derived from them.
"""

from __future__ import annotations

import os
import sys

__all__ = [
    "SYSTEM_PREFIXES",
    "LIB_DIR_NAMES",
    "LD_SO_CONF",
    "multiarch",
    "looks_multiarch",
    "ld_so_conf_dirs",
    "loader_dirs",
    "is_system_lib_dir",
    "is_system_include_dir",
    "shared_bin_dir",
    "fingerprint",
]

SYSTEM_PREFIXES = frozenset({"/", "/usr", "/usr/local"})
LIB_DIR_NAMES = frozenset({"lib", "lib32", "lib64", "libx32"})
LD_SO_CONF = "/etc/ld.so.conf"

_triple: str | None = None
_loader: frozenset[str] | None = None
_conf: dict[str, list[str]] = {}


def looks_multiarch(name: str) -> bool:
    """``x86_64-linux-gnu``, ``arm-linux-gnueabihf``, ``aarch64-linux-musl``: a dir name of
    the multiarch shape (cpu-kernel-abi), whatever the architecture."""
    parts = name.split("-")
    if not 3 <= len(parts) <= 4 or not all(parts):
        return False
    return all(p.replace("_", "").isalnum() and p.isascii() and p == p.lower() for p in parts)


def multiarch() -> str:
    """This machine's multiarch triple (``x86_64-linux-gnu``); ``""`` where it has none."""
    global _triple
    if _triple is None:
        _triple = _find_multiarch()
    return _triple


def _find_multiarch() -> str:
    triple = getattr(sys.implementation, "_multiarch", None)
    if isinstance(triple, str) and triple:
        return triple
    import sysconfig  # only where the interpreter does not say (not Debian's or pyenv's)

    triple = sysconfig.get_config_var("MULTIARCH")
    if isinstance(triple, str) and triple:
        return triple
    # the multiarch dir of this machine's cpu, where the system has one
    machine = os.uname().machine
    cpu = {"i686": "i386", "i586": "i386", "ppc64le": "powerpc64le", "ppc64": "powerpc64",
           "armv7l": "arm", "armv8l": "arm", "arm64": "aarch64"}.get(machine, machine)
    for base in ("/usr/lib", "/lib"):
        try:
            names = sorted(os.listdir(base))
        except OSError:
            continue
        for name in names:
            if name.startswith(cpu + "-") and looks_multiarch(name):
                return name
    return ""


def ld_so_conf_dirs(path: str = LD_SO_CONF) -> list[str]:
    """The dirs ``ld.so.conf`` names, in order, ``include`` globs followed (4 deep)."""
    if path not in _conf:
        _conf[path] = _read_conf(path, 0)
    return list(_conf[path])


def _read_conf(path: str, depth: int) -> list[str]:
    out: list[str] = []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return out
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, *rest = line.split(None, 1)
        if word == "include":
            pattern = rest[0].strip() if rest else ""
            if depth >= 4 or not pattern:
                continue
            if not os.path.isabs(pattern):
                pattern = os.path.join(os.path.dirname(path), pattern)
            for inc in _glob(pattern):
                out += _read_conf(inc, depth + 1)
        elif line.startswith("/"):
            out.append(os.path.normpath(line.split("=", 1)[0]))  # "dir=TYPE" (old libc5 form)
    return out


def _glob(pattern: str) -> list[str]:
    """``dir/*.conf`` (what every distribution writes) without the glob module; any other
    pattern through it."""
    d, name = os.path.split(pattern)
    if name.startswith("*") and not any(c in name[1:] + d for c in "*?["):
        try:
            return sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(name[1:]))
        except OSError:
            return []
    import glob

    return sorted(glob.glob(pattern))


def loader_dirs() -> frozenset[str]:
    """Every dir the dynamic loader searches without being told (normalised, and resolved
    where they are links: ``/lib`` → ``/usr/lib`` on a merged-usr system)."""
    global _loader
    if _loader is None:
        triple = multiarch()
        dirs = ["/lib", "/usr/lib", "/lib64", "/usr/lib64", "/lib32", "/usr/lib32"]
        if triple:
            dirs += [f"/lib/{triple}", f"/usr/lib/{triple}"]
        dirs += ld_so_conf_dirs()
        found = {os.path.normpath(d) for d in dirs}
        found |= {os.path.realpath(d) for d in found if os.path.islink(d)}
        _loader = frozenset(found)
    return _loader


def _under_system_prefix(d: str, names: frozenset[str]) -> bool:
    """``d`` is ``<system prefix>/<name>`` or a multiarch dir right below one."""
    parent, base = os.path.split(d)
    if base in names and (parent or "/") in SYSTEM_PREFIXES:
        return True
    grand, sub = os.path.split(parent)
    return looks_multiarch(base) and sub in names and (grand or "/") in SYSTEM_PREFIXES


def is_system_lib_dir(d: str) -> bool:
    """A dir the loader searches anyway, or a system prefix's lib dir of any architecture:
    never put on ``LD_LIBRARY_PATH``, where it would shadow the selected entries."""
    if not d:
        return True
    norm = os.path.normpath(d)
    if norm in loader_dirs() or _under_system_prefix(norm, LIB_DIR_NAMES):
        return True
    real = os.path.realpath(norm)
    return real != norm and (real in loader_dirs() or _under_system_prefix(real, LIB_DIR_NAMES))


_INCLUDE = frozenset({"include"})


def is_system_include_dir(d: str) -> bool:
    """``/usr/include``, ``/usr/local/include``, ``/usr/include/<multiarch>``: the
    compiler's own dirs, never put on ``CPATH``."""
    if not d:
        return True
    norm = os.path.normpath(d)
    if _under_system_prefix(norm, _INCLUDE):
        return True
    real = os.path.realpath(norm)
    return real != norm and _under_system_prefix(real, _INCLUDE)


def shared_bin_dir(d: str) -> bool:
    """A bin dir that holds unrelated software too: ``/usr/bin``, ``/bin``,
    ``/usr/local/sbin`` (any dir right below a system prefix), ``/snap/bin`` and the
    user's ``~/.local/bin``. A venv's or a prefix's own bin dir is not shared."""
    norm = os.path.normpath(d) if d else "/"
    if (os.path.dirname(norm) or "/") in SYSTEM_PREFIXES or norm == "/snap/bin":
        return True
    return norm == os.path.normpath(os.path.expanduser("~/.local/bin"))


def fingerprint() -> list[str]:
    """The files the machine facts are read from (``ld.so.conf`` and its include dir):
    a cache of results derived from them keys on their stat."""
    return [LD_SO_CONF, LD_SO_CONF + ".d"]
