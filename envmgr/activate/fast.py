"""``envmgr shell --tags=... [--version V] -- CMD`` from a cache: check, apply, exec.

``shell -- CMD`` runs inside other tools' loops, so it must start about as fast as the
interpreter does. The full path (argparse, the registry in SQLite, the selection, plugins'
hooks, the plan) runs once per selection; :func:`remember` then keeps its plan in
``<home>/cache/shell/<hash>``, and :func:`main` serves the next identical command with
nothing but ``os`` and envmgr's tiny modules (config, errors, envops). Not even ``json``:
it imports ``re``, which costs more than the rest of this path; the records are written in
a small NUL-separated form of their own (:func:`_dump`; NUL is the one character no path,
argument or environment value can hold).

A record is served only while everything the plan was made from is unchanged:

- the selection: the ``--tags`` and ``--version`` arguments as written, the interpreter
  (``sys.prefix``) and envmgr's version;
- the registry's generation: the stat (inode, size, mtime, ctime) of ``registry.db`` and
  its ``-wal``, taken *before* the full path read them, so that a write during the read
  leaves a record no later run matches. A file changed less than :data:`RACY_NS` before
  that stat is not trusted to show the next change (file times are coarse): no record is
  kept then;
- what decides whether plugins adjust shells (``envmgr_shell_env``): the stat of every
  ``sys.path`` dir (what the entry-point cache keys on), the builtin index, the config
  file and the user plugin folders, and the variables that name them. A plan that a
  hook changed is never kept, nor one made while a user plugin file or ``ENVMGR_PLUGINS``
  was there (their contents cannot be watched by a stat);
- the machine facts (``/etc/ld.so.conf``, its ``.d`` dir and the files there) and ``HOME``;
- the file-system facts the plan itself read (``Plan.checks``: anchors exist, link dirs,
  ``pkgconfig`` dirs, where lib and include dirs resolve), checked again on every run.

Anything unexpected (no record, a malformed file, a failed check, ``exec`` failing) returns
None and the full CLI runs, with its own messages. The operations compose with the
current environment (``PATH`` and the rest are read at each run, an earlier activation is
undone first), so a record is never tied to the environment it was made in.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from envmgr.activate.plan import Plan

__all__ = ["main", "cached", "remember", "CACHE_DIR", "RACY_NS"]

CACHE_DIR = "shell"
FORMAT = 3
RACY_NS = 2_000_000_000
"""A file changed this recently (2 s) may change again within its time's granularity."""
MAX_RECORDS = 256
WATCH_ENV = ("ENVMGR_PLUGINS", "ENVMGR_PLUGIN_PATH", "ENVMGR_DISABLE_PLUGIN_AUTOLOAD",
             "ENVMGR_CONFIG_DIR", "XDG_CONFIG_HOME", "HOME")

_pending: dict[str, Any] | None = None
"""The key :func:`main` took before the full path read anything, for :func:`remember`."""


def _parse(argv: list[str]) -> tuple[list[str], str | None, list[str]] | None:
    """``shell --tags=A [--tags B] [--version V] -- CMD...``; None for anything else."""
    if len(argv) < 3 or argv[0] != "shell" or "--" not in argv:
        return None
    split = argv.index("--")
    opts, cmd = argv[1:split], argv[split + 1:]
    if not cmd:
        return None
    tags: list[str] = []
    versions: list[str] = []
    i = 0
    while i < len(opts):
        name, eq, value = opts[i].partition("=")
        if name not in ("--tags", "--version"):
            return None
        if not eq:
            i += 1
            if i >= len(opts):
                return None
            value = opts[i]
        (tags if name == "--tags" else versions).append(value)
        i += 1
    if not tags or len(versions) > 1:
        return None
    return tags, versions[0] if versions else None, cmd


def _stat(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _builtin_index_files() -> list[str]:
    """Where the builtin index may be (installed or in a checkout): over-watching is only
    a miss."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return [os.path.join(root, pkg, "_index.json") for pkg in ("envmgr_plugins", "plugins")]


def _loader_files() -> list[str]:
    """``/etc/ld.so.conf``, its ``.d`` dir and the files in it: what decides the loader's
    dirs (a file edited in place leaves the dir's time alone)."""
    d = "/etc/ld.so.conf.d"
    try:
        names = sorted(os.listdir(d))
    except OSError:
        names = []
    return ["/etc/ld.so.conf", d, *(os.path.join(d, n) for n in names)]


def _key(home: str, config_dir: str, extra: tuple[str, ...] = ()) -> list[Any]:
    from envmgr import __version__

    registry = os.path.join(home, "registry.db")
    files = [*extra, registry, registry + "-wal", os.path.join(config_dir, "config.toml"),
             *_loader_files(), *_builtin_index_files(), *(p or "." for p in sys.path)]
    return [FORMAT, __version__, home, [os.environ.get(v) for v in WATCH_ENV],
            [[f, _stat(f)] for f in files]]


def _selection(tags: list[str], version: str | None) -> list[str]:
    # sys.path[0] too: the same venv's script and `python -m` key on different dirs
    return [sys.prefix, sys.path[0] if sys.path else "", version or "", *tags]


def _record_path(home: str, selection: list[str]) -> str:
    h = 0xCBF29CE484222325  # FNV-1a: no hashlib import; the record holds the selection
    for byte in "\0".join(selection).encode("utf-8", "surrogateescape"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return os.path.join(home, "cache", CACHE_DIR, f"{h:016x}")


def _dump(obj: object, out: list[str]) -> None:
    """Tokens of ``obj`` (None, bool, int, str, list/tuple), to be joined by NUL."""
    if obj is None:
        out.append("n")
    elif isinstance(obj, bool):
        out.append("t" if obj else "f")
    elif isinstance(obj, int):
        out.append(f"i{obj}")
    elif isinstance(obj, str):
        if "\0" in obj:
            raise ValueError("a NUL in a value")
        out.append("s" + obj)
    elif isinstance(obj, (list, tuple)):
        out.append(f"l{len(obj)}")
        for item in obj:
            _dump(item, out)
    else:
        raise TypeError(f"cannot keep {type(obj).__name__}")


def _load(tokens: list[str], i: int) -> tuple[Any, int]:
    tok = tokens[i]
    tag, body = tok[:1], tok[1:]
    if tag == "s":
        return body, i + 1
    if tag == "l":
        items = []
        i += 1
        for _ in range(int(body)):
            item, i = _load(tokens, i)
            items.append(item)
        return items, i
    if tag == "i":
        return int(body), i + 1
    if tok in ("n", "t", "f"):
        return {"n": None, "t": True, "f": False}[tok], i + 1
    raise ValueError(f"bad token {tok[:20]!r}")


def _read(home: str, selection: list[str]) -> list[Any] | None:
    """``[selection, key, watch, checks, ops, notes, time, extra]``, or None."""
    try:
        with open(_record_path(home, selection), encoding="utf-8",
                  errors="surrogateescape") as f:
            tokens = f.read().split("\0")
        record, end = _load(tokens, 0)
    except (OSError, ValueError, IndexError, RecursionError):
        return None
    if (end != len(tokens) or not isinstance(record, list) or len(record) != 9
            or record[0] != FORMAT or record[1] != selection):
        return None
    return record[1:]


def _holds(check: Any) -> bool:
    kind, path, expected = check
    if kind == "d":
        return os.path.isdir(path) is expected
    if kind == "e":
        return os.path.exists(path) is expected
    if kind == "r":
        return bool(os.path.realpath(path) == expected)
    return False


def main(argv: list[str]) -> int | None:
    """Run ``shell --tags=... -- CMD`` from the cache (exec: no return); None when this
    argv or this state is not one the cache can answer."""
    global _pending
    _pending = None
    parsed = _parse(argv)
    if parsed is None:
        return None
    tags, version, cmd = parsed
    found = cached(_selection(tags, version))
    if found is None:
        return None
    env, notes, _ = found
    for note in notes:
        print(f"envmgr: {note}", file=sys.stderr)
    sys.stdout.flush()
    try:
        os.execvpe(cmd[0], cmd, env)
    except OSError:  # not found, not executable: the full CLI says so, with its exit code
        return None
    return 0  # not reached


def cached(selection: list[str], files: tuple[str, ...] = ()
           ) -> tuple[dict[str, str], list[str], Any] | None:
    """The environment, notes and ``extra`` (what :func:`remember` was given: a project's
    task commands) the record of ``selection`` keeps, while it holds (and ``files``, such
    as a project's manifest and lock, are unchanged); else None, with the key taken for
    :func:`remember`. Never raises."""
    global _pending
    _pending = None
    try:
        import time

        from envmgr.config import default_config_dir, default_home

        home = default_home()
        t0 = time.time_ns()
        key = _key(home, default_config_dir(), files)
        _pending = {"home": home, "selection": selection, "key": key, "t0": t0}
        record = _read(home, selection)
        if record is None or record[1] != key:
            return None
        _, _, watch, checks, ops, notes, _, extra = record
        for path, st in watch:
            if _stat(path) != st:
                return None
        for check in checks:
            if not _holds(check):
                return None
        from envmgr.activate.envops import apply, ops_from_json, original_env

        return (apply(ops_from_json(ops), original_env(os.environ)), [str(n) for n in notes],
                extra)
    except Exception:  # noqa: BLE001 - whatever is odd here, the full CLI says it properly
        return None


def remember(planned: Plan, em: Any, extra: Any = None) -> None:
    """Keep ``planned`` (and ``extra``: None, strings and lists of them) for the argv
    :func:`main` just missed, where nothing it depends on may have changed unseen; never
    raises."""
    global _pending
    pending, _pending = _pending, None
    if pending is None or not planned.cacheable or planned.warnings:
        return
    try:
        _remember(planned, em.config, pending, extra)
    except (OSError, ValueError, TypeError):  # a read-only home, an odd name: no record
        pass


def _remember(planned: Plan, config: Any, pending: dict[str, Any], extra: Any) -> None:
    import time

    if os.path.abspath(config.home) != pending["home"]:
        return  # a --home the fast path did not see
    if os.environ.get("ENVMGR_PLUGINS"):
        return
    t2 = time.time_ns()
    watch = [[d, _stat(d)] for d in config.plugin_dirs]  # stat first, then look inside
    for d in config.plugin_dirs:
        if d.endswith(".py") or _has_plugin_files(d):
            return  # their contents, not only the folder, decide the hooks
    stats = [st for _, st in pending["key"][4] if st] + [st for _, st in watch if st]
    if any(st[2] > pending["t0"] - RACY_NS or st[2] > t2 for st in stats):
        return
    tokens: list[str] = []
    _dump([FORMAT, pending["selection"], pending["key"], watch,
           [list(c) for c in planned.checks], _ops_json(planned), list(planned.notes), t2,
           extra],
          tokens)
    path = _record_path(pending["home"], pending["selection"])
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    _prune(folder)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write("\0".join(tokens))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _prune(folder: str) -> None:
    """Keep the folder to :data:`MAX_RECORDS` records, the most recently written."""
    names = os.listdir(folder)
    if len(names) < MAX_RECORDS:
        return
    paths = [os.path.join(folder, n) for n in names]
    paths.sort(key=lambda p: (_stat(p) or [0, 0, 0, 0])[2])
    for p in paths[: len(paths) - MAX_RECORDS // 2]:
        try:
            os.unlink(p)
        except OSError:
            pass


def _ops_json(planned: Plan) -> list[list[object]]:
    from envmgr.activate.envops import ops_to_json

    return ops_to_json(planned.ops)


def _has_plugin_files(d: str) -> bool:
    try:
        return any(n.endswith(".py") for n in os.listdir(d))
    except OSError:
        return False
