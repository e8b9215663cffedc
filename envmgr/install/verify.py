"""``envmgr verify``: run each entry's smoke test and record the result in the entry.

- an installed entry: its recipe's smoke test (files, commands), as the install ran it;
- a compiler: compile hello-world with it and run the program;
- a Python package: import it with its interpreter;
- a file with a recorded checksum (a model): the checksum of the file now;
- a dataset with marker files: every marker there, and the file count when one is recorded;
- anything else detected: its anchor is there and the soft's own probe gives the recorded
  version again.

The result is ``attrs["verified"] = {"ok": bool, "at": ISO time, "test": what ran,
"error": why it failed}``; ``envmgr list`` marks entries never verified or whose last
verify failed. Like :mod:`envmgr.install.session`, this takes an Envmgr, passed in.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from typing import Any

from envmgr.errors import EnvmgrError
from envmgr.store.entry import Entry, now_iso

__all__ = ["verify", "Verified", "smoke_test"]

_C_COMPILERS = ("gcc", "cc", "clang", "icx", "icc", "aocc", "nvc", "suncc", "tcc", "zig")
_CXX = ("g++", "c++", "clang++", "icpx", "icpc", "nvc++")
_FORTRAN = ("gfortran", "ifx", "ifort", "flang", "flang-new", "nvfortran")
_SOURCES = {
    "c": ("hello.c", '#include <stdio.h>\nint main(void){puts("hello from envmgr");return 0;}\n'),
    "c++": ("hello.cpp", '#include <cstdio>\nint main(){std::puts("hello from envmgr");}\n'),
    "fortran": ("hello.f90", 'program hello\nprint "(a)", "hello from envmgr"\nend program\n'),
}


@dataclass
class Verified:
    """The result of one entry's smoke test."""

    entry: Entry
    ok: bool
    test: str
    error: str = ""
    recorded: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"uid": self.entry.uid, "soft": self.entry.soft,
                "version": self.entry.version, "ok": self.ok, "test": self.test,
                "error": self.error, "recorded": self.recorded}


class _Failed(Exception):
    pass


def _run(cmd: list[str], cwd: str, env: dict[str, str] | None = None,
         timeout: float = 60) -> str:
    from envmgr.install.errors import InstallError
    from envmgr.install.runner import Runner, ToolError

    shown = f"{os.path.basename(cmd[0])} {' '.join(cmd[1:])}"
    try:
        return Runner(None)(cmd, what=shown, env=env, cwd=cwd, timeout=timeout)
    except ToolError as exc:
        if exc.returncode is None:
            raise _Failed(f"'{' '.join(cmd)}' ran past {timeout:g} s") from None
        raise _Failed(f"'{shown}' exited {exc.returncode}"
                      + (f": {exc.cause[:200]}" if exc.cause else "")) from None
    except InstallError:
        if not os.path.exists(cmd[0]) and shutil.which(cmd[0]) is None:
            raise _Failed(f"'{cmd[0]}' was not found") from None
        raise _Failed(f"'{cmd[0]}' cannot run") from None


def _language(exe: str) -> str | None:
    name = os.path.basename(exe).lower()
    base = name.split("-")[0] if not name.startswith(("c++", "g++", "clang++")) else name
    for lang, names in (("c++", _CXX), ("fortran", _FORTRAN), ("c", _C_COMPILERS)):
        if any(name == n or name.startswith(n + "-") or base == n for n in names):
            return lang
    return None


def _compile(em: Any, e: Entry) -> str:
    exe = e.executable or ""
    lang = _language(exe)
    if lang is None:
        for cmd in e.commands.values():
            lang = _language(cmd)
            if lang:
                exe = cmd
                break
    if lang is None:
        raise _Failed(f"no C, C++ or Fortran driver among {exe or 'its commands'}")
    from envmgr.install.transaction import Installer

    with tempfile.TemporaryDirectory(prefix="envmgr-verify-") as tmp:
        name, text = _SOURCES[lang]
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
        env = Installer(em.registry, em.config.home, {}).env_of([e])
        _run([exe, name, "-o", "hello"], tmp, env, timeout=120)
        out = _run([os.path.join(tmp, "hello")], tmp, env)
        if "hello from envmgr" not in out:
            raise _Failed(f"the program {os.path.basename(exe)} built printed {out[:80]!r}")
    return f"compiled and ran {name} with {os.path.basename(exe)}"


def _file_checksum(path: str, algo: str) -> str:
    h = hashlib.new(algo)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _checksum(e: Entry) -> str | None:
    path = e.attrs.get("path") or e.anchor
    for algo in ("sha256", "md5"):
        want = e.attrs.get(algo)
        if isinstance(want, str) and isinstance(path, str) and os.path.isfile(path):
            got = _file_checksum(path, algo)
            if got != want.lower():
                raise _Failed(f"{path} has {algo} {got}, not the recorded {want}")
            return f"{algo} of {path}"
    return None


def _has(root: str, marker: str) -> bool:
    if any(c in marker for c in "*?["):
        import glob

        return bool(glob.glob(os.path.join(glob.escape(root), marker)))
    return os.path.exists(os.path.join(root, marker))


def _markers(e: Entry) -> str | None:
    markers = e.attrs.get("markers")
    if not isinstance(markers, list) or not markers:
        return None
    root = e.prefix or str(e.attrs.get("path") or "")
    missing = [m for m in markers if isinstance(m, str) and not _has(root, m)]
    if missing:
        raise _Failed(f"marker {missing[0]} is not in {root}")
    count = e.attrs.get("file_count")
    if isinstance(count, int) and not isinstance(count, bool):
        have = sum(len(files) for _, _, files in os.walk(root))
        if have != count:
            raise _Failed(f"{root} holds {have} files, not the recorded {count}")
    return f"{len(markers)} marker files" + (" and the file count" if count else "")


def _interpreter(em: Any, e: Entry) -> str | None:
    """The Python the package belongs to: a python dependency, else the interpreter of
    the prefix its site-packages lies in (``attrs.python_prefix``, ``attrs.python``)."""
    for dep in e.deps:
        d = em.registry.get(dep, skip_unreadable=True)
        if d is not None and d.executable and d.soft in ("python", "pypy"):
            return str(d.executable)
    prefix, version = e.attrs.get("python_prefix"), e.attrs.get("python")
    if isinstance(prefix, str) and prefix:
        names = ([f"python{version}"] if isinstance(version, str) and version else []) + [
            "python3", "python"]
        for name in names:
            exe = os.path.join(prefix, "bin", name)
            if os.access(exe, os.X_OK):
                return exe
    return None


def _top_level(dist_info: str) -> str | None:
    """A module the distribution installs: from ``top_level.txt``, else its RECORD."""
    try:
        with open(os.path.join(dist_info, "top_level.txt"), encoding="utf-8") as f:
            names = [ln.strip() for ln in f if ln.strip() and not ln.startswith("_")]
        if names:
            return names[0]
    except OSError:
        pass
    try:
        with open(os.path.join(dist_info, "RECORD"), encoding="utf-8") as f:
            for line in f:
                path = line.split(",", 1)[0]
                head, _, rest = path.partition("/")
                if rest == "__init__.py" and head.isidentifier():
                    return head
                if not rest and head.endswith(".py") and head[:-3].isidentifier():
                    return head[:-3]
    except OSError:
        pass
    return None


def _python_import(em: Any, e: Entry) -> str:
    python = _interpreter(em, e)
    if python is None:
        if e.attrs.get("python_prefix"):
            raise _Failed(f"the Python in {e.attrs['python_prefix']} is gone")
        python = shutil.which("python3") or "python3"
    dist = str(e.attrs.get("dist") or e.attrs.get("distribution") or e.attrs.get("name")
               or e.soft.removeprefix("py-"))
    module = e.attrs.get("import_name") or e.attrs.get("module")
    path = e.attrs.get("path")
    if not (isinstance(module, str) and module) and isinstance(path, str) and os.path.isdir(path):
        module = _top_level(path)
    code = f"import importlib.metadata as m; print(m.version({dist!r}))"
    if isinstance(module, str) and module.replace(".", "_").isidentifier():
        code = f"import {module}; " + code
    where = e.prefix if e.prefix and os.path.isdir(e.prefix) else "."
    got = _run([python, "-c", code], where, timeout=120).strip().splitlines()
    if got and got[-1] != e.version:
        raise _Failed(f"{python} has {dist} {got[-1]}, not {e.version}")
    return (f"imported {module} with {python}" if module
            else f"found the distribution {dist} {e.version} with {python}")


def _probe_again(em: Any, e: Entry) -> str:
    anchor = e.anchor
    where = e.prefix if e.prefix and os.path.isdir(e.prefix) else (
        os.path.dirname(anchor) if anchor else "")
    if not where:
        raise _Failed("nothing recorded to look at")
    report = em.detect([e.soft], search_paths=[where], default_paths=False, dry_run=True,
                       refresh=True)
    versions = sorted({f.version for f in report.entries if f.prefix == e.prefix}
                      or {f.version for f in report.entries})
    if e.version not in versions:
        raise _Failed(f"its probe now gives {', '.join(versions) or 'nothing'}, not {e.version}")
    return f"the {e.soft} probe gives {e.version} again"


def smoke_test(em: Any, e: Entry) -> str:
    """Run ``e``'s smoke test; returns what ran, raises _Failed saying what failed."""
    anchor = e.anchor
    if anchor and not os.path.exists(anchor):
        raise _Failed(f"{anchor} no longer exists")
    if e.source == "installed" and e.recipe and e.attrs.get("role") is None:
        return _recipe_test(em, e)
    by_kind = _checksum(e) or _markers(e)
    if by_kind:
        return by_kind
    if e.category == "compiler":
        return _compile(em, e)
    if e.category == "python-package":
        return _python_import(em, e)
    if e.source == "installed":
        if not os.path.isdir(e.prefix):
            raise _Failed(f"{e.prefix} no longer exists")
        return f"{e.prefix} is there"
    return _probe_again(em, e)


def _recipe_test(em: Any, e: Entry) -> str:
    from envmgr.install.runner import Runner, logs_root
    from envmgr.install.session import InstallSession
    from envmgr.install.smoke import SmokeTestError
    from envmgr.install.smoke import smoke_test as recipe_smoke_test
    from envmgr.install.transaction import Installer

    name, _, version = (e.recipe or "").partition("@")
    session = InstallSession(em)
    try:
        recipe = session._load(name, strict=True)
    except EnvmgrError as exc:
        raise _Failed(f"its recipe {name} cannot be read: {exc.message}") from None
    if recipe is None:
        raise _Failed(f"its recipe {name} is not in this home's recipe folders")
    variants = e.attrs.get("variants") if isinstance(e.attrs.get("variants"), dict) else {}
    import platform

    plat = {"os": platform.system().lower(), "arch": platform.machine().lower()}
    try:
        build = recipe.select(version, variants, plat)
    except EnvmgrError as exc:
        raise _Failed(exc.message) from None
    deps = [d for d in (em.registry.get(u, skip_unreadable=True) for u in e.deps) if d]
    installer = Installer(em.registry, em.config.home, {})
    from pathlib import Path

    folder = Path(e.install_folder or e.prefix)
    runner = Runner(logs_root(em.config.home) / folder.name, label=e.soft)
    try:
        recipe_smoke_test(build, Path(e.prefix), installer.env_of([e, *deps]), runner)
    except SmokeTestError as exc:
        raise _Failed(exc.message.split(" failed: ", 1)[-1]) from None
    checked = _placed_files(build, e)
    n = len(build.test_commands)
    extra = f", {checked} file checksum{'s' if checked != 1 else ''}" if checked else ""
    return f"the smoke test of {e.recipe}{extra} ({n} command{'s' if n != 1 else ''}, " \
           f"{len(build.test_files)} file{'s' if len(build.test_files) != 1 else ''})"


def _placed_files(build: Any, e: Entry) -> int:
    """Check each source placed as it came (a model file, not an archive) against its
    checksum: the recipe's, or the sha256 the install saw (``attrs.fetched``)."""
    seen = {f.get("url"): f.get("sha256") for f in e.attrs.get("fetched") or []
            if isinstance(f, dict)}
    n = 0
    for src in build.sources:
        if src.extract:
            continue
        path = os.path.join(e.prefix, src.destination or "", src.filename)
        algo, want = src.checksum or ("sha256", seen.get(src.url))
        if not want or not os.path.isfile(path):
            continue
        got = _file_checksum(path, algo)
        if got != str(want).lower():
            raise _Failed(f"{path} has {algo} {got}, not {want} as installed")
        n += 1
    return n


def verify(em: Any, entries: list[Entry], record: bool = True) -> list[Verified]:
    """Run the smoke test of each entry; record each result in its entry (upstream
    entries, which are never written, are tested but not recorded)."""
    results = []
    for e in entries:
        try:
            results.append(Verified(e, True, smoke_test(em, e)))
        except _Failed as exc:
            results.append(Verified(e, False, "", str(exc)))
    if record:
        stamp = now_iso()
        local = []
        for r in results:
            if r.entry.attrs.get("upstream"):
                continue
            fresh = em.registry.get(r.entry.uid, skip_unreadable=True)
            if fresh is None:
                continue
            fresh.attrs["verified"] = {"ok": r.ok, "at": stamp, "test": r.test,
                                       "error": r.error}
            local.append(fresh)
            r.recorded = True
        if local:
            em.registry.upsert(local)
    return results
