"""``envmgr sync``: each need → an entry, then ``envmgr.lock`` beside the manifest.

Each need is resolved the way ``install`` resolves a dependency, through the same resolver
and session (:mod:`envmgr.install.session`): an entry already recorded, else what detection
finds, else (``install = "auto"``) an install through the recipes. A need whose ``when``
does not hold on this machine is skipped; an ``optional`` one that cannot be satisfied is
left out with a note. Every need is planned before anything is detected, installed or
written, so a need that cannot be satisfied changes nothing.

The lock is the format :mod:`envmgr.store.lock` writes (``envmgr restore`` reads it), with
two more tables: ``[project]`` (the manifest's digest and the facts its ``when`` conditions
read) and ``[needs]`` (which entry answers which need). It is written atomically, and only
when its bytes change; a file lock in the home makes two syncs of one project take turns.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from envmgr.errors import EnvmgrError, UsageError
from envmgr.project.manifest import Manifest, Need

TYPE_CHECKING = False
if TYPE_CHECKING:
    from envmgr.install.resolver import Plan, Request
    from envmgr.store.entry import Entry

__all__ = ["SyncError", "Row", "SyncReport", "sync", "read_lock", "staleness", "table",
           "locked_entries", "plan_needs"]

HOW = {"reuse": "reused", "detect": "detected", "install": "installed"}
UNREADABLE = " unreadable"  # not a TOML key a lock can hold: see read_lock


class SyncError(EnvmgrError):
    """A need cannot be satisfied here, or the lock does not match (``--locked``)."""


class Row:
    """What sync did (or would do) for one need: ``how`` is reused, detected, installed,
    skipped, missing or locked (``would be ...`` with ``--dry-run``)."""

    __slots__ = ("need", "how", "entry", "plan", "note")

    def __init__(self, need: Need, how: str, entry: Entry | None = None,
                 plan: Plan | None = None, note: str = "") -> None:
        self.need = need
        self.how = how
        self.entry = entry
        self.plan = plan
        self.note = note

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"need": self.need.key, "how": self.how}
        if self.entry is not None:
            out.update(entry=self.entry.uid, soft=self.entry.soft,
                       version=self.entry.version, prefix=self.entry.prefix)
        elif self.plan is not None:
            step = self.plan.steps[self.plan.roots[0]]
            out.update(soft=step.soft, version=step.version)
        if self.note:
            out["note"] = self.note
        return out

    def line(self) -> str:
        """``cc → gcc 12.2.0 (/usr/bin/gcc-12) → reused``."""
        if self.entry is not None:
            where = self.entry.anchor or self.entry.prefix
            what = f"{self.entry.soft} {self.entry.version} ({where})"
        elif self.plan is not None:
            step = self.plan.steps[self.plan.roots[0]]
            what = f"{step.soft} {step.version}"
        else:
            what = "-"
        tail = f" ({self.note})" if self.note else ""
        return f"{self.need.key} → {what} → {self.how}{tail}"


class SyncReport:
    """Every need's row, and whether the lock file was written."""

    __slots__ = ("manifest", "rows", "written", "lock_path", "facts")

    def __init__(self, manifest: Manifest, lock_path: str = "") -> None:
        self.manifest = manifest
        self.rows: list[Row] = []
        self.written = False
        self.lock_path = lock_path
        self.facts: dict[str, str] = {}

    def to_json(self) -> dict[str, Any]:
        return {"project": self.manifest.name, "manifest": self.manifest.path,
                "lock": self.lock_path, "written": self.written,
                "needs": [r.to_json() for r in self.rows]}


# ---------------------------------------------------------------- planning


def _request(need: Need) -> Request:
    from envmgr.install.resolver import Request

    return Request(name=need.name, tags=need.tags, version=need.version,
                   variants=dict(need.variants))


def when_facts(manifest: Manifest) -> dict[str, str]:
    """The facts the manifest's ``when`` conditions read, of this machine."""
    from envmgr.project.facts import facts

    names = {f for n in manifest.needs.values() for f in n.when}
    return facts(names) if names else {}


def _live(entries: Sequence[Entry]) -> list[Entry]:
    return [e for e in entries if not e.vanished()]


def plan_needs(em: Any, manifest: Manifest, here: dict[str, str], session: Any = None,
               preferred: dict[str, Entry] | None = None,
               ) -> tuple[list[Row], list[tuple[Need, EnvmgrError]]]:
    """A row per need (with its plan), and the needs that cannot be satisfied; reads the
    registry and runs detection dry, writes nothing. A need's ``preferred`` entry (what
    the lock chose) answers it while it still satisfies it."""
    from envmgr.install.resolver import resolve
    from envmgr.project.facts import holds

    rows: list[Row] = []
    failed: list[tuple[Need, EnvmgrError]] = []
    entries: list[Entry] | None = None
    for need in manifest.needs.values():
        if need.when and not holds(need.when, here):
            cond = ", ".join(f"{k} = {v!r}" for k, v in need.when.items())
            rows.append(Row(need, "skipped", note=f"when {cond} does not hold here"))
            continue
        if entries is None:
            if session is None:
                session = _session(em)
            entries = _live(session.entries())
        req = _request(need)
        kept = (preferred or {}).get(need.key)
        if kept is not None and not kept.vanished():
            try:
                plan = resolve([req], {}, [kept], None, home=em.config.home)
                rows.append(Row(need, "reused", plan=plan))
                continue
            except EnvmgrError:
                pass  # the need changed: resolved again below
        try:
            try:  # what is recorded answers first, without reading a recipe
                plan = resolve([req], {}, entries, None, home=em.config.home)
            except EnvmgrError:
                if need.install == "never":
                    plan = resolve([req], {}, entries, session.detect, home=em.config.home)
                else:
                    plan = session.plan([req])
        except EnvmgrError as exc:
            if need.optional:
                rows.append(Row(need, "missing", note=f"optional: {exc.message}"))
            else:
                failed.append((need, exc))
            continue
        rows.append(Row(need, HOW[plan.steps[plan.roots[0]].action], plan=plan))
    return rows, failed


def _session(em: Any, allow_unchecked: bool = False) -> Any:
    from envmgr.install.session import InstallSession

    return InstallSession(em, allow_unchecked=allow_unchecked,
                          note=lambda text: print(f"envmgr: {text}", file=_stderr()))


def _stderr() -> Any:
    import sys

    return sys.stderr


def unsatisfied(em: Any, need: Need, exc: EnvmgrError, session: Any) -> str:
    """Why ``need`` cannot be satisfied: the versions here and the recipes that could."""
    from envmgr.install.resolver import Query
    from envmgr.versions import Version

    query = need.tags or (need.name,)
    have = {e.version for e in em.find(list(query), include_stale=False)}
    try:
        found = session.detect(Query(need.name, need.tags))
    except EnvmgrError:
        found = []
    have |= {f.version for f in found if not need.name or f.soft == need.name}
    versions = sorted(have, key=Version)
    recipes = [need.name] if need.name and session.index.location(need.name) else []
    if need.tags:
        recipes = session._matching(need.tags)
    here = ", ".join(versions) if versions else "none"
    could = ", ".join(recipes) if recipes else "none"
    if need.install == "never":
        could += " (but install = \"never\")"
    reason = exc.message.rstrip(".")
    if versions and need.version:  # the resolver's last word is about recipes; this is why
        reason = f"nothing here satisfies {need.version}"
    return (f"need '{need.key}' ({need.describe()}) cannot be satisfied: {reason}; "
            f"versions here: {here}; recipes that could provide it: {could}")


# ---------------------------------------------------------------- the lock document


def lock_document(em: Any, manifest: Manifest, rows: Sequence[Row], here: dict[str, str],
                  ) -> dict[str, Any]:
    """The lock of the rows' entries, their dependencies, the host, the needs."""
    from envmgr.install.restore import home_host
    from envmgr.store.lock import build_lock

    chosen = [(_tags_of(r.need), r.entry) for r in rows if r.entry is not None]
    closure = em.with_deps([e for _, e in chosen]) if chosen else []
    doc = build_lock(chosen, closure, home_host())
    needs: dict[str, Any] = {}
    for r in rows:
        if r.entry is not None:
            needs[r.need.key] = {"entry": r.entry.uid, "soft": r.entry.soft,
                                 "version": r.entry.version, "source": r.entry.source}
        else:
            needs[r.need.key] = {"skipped": r.note or r.how}
    doc["project"] = {"name": manifest.name, "manifest": os.path.basename(manifest.path),
                      "digest": manifest.digest(), "facts": dict(here)}
    doc["needs"] = needs
    return doc


def _tags_of(need: Need) -> list[str]:
    return list(need.tags) if need.tags else [need.name or need.key]


def table(value: Any) -> dict[str, Any]:
    """``value`` when it is a table (a dict), else an empty one: a hand-edited lock."""
    return value if isinstance(value, dict) else {}


def read_lock(path: str, strict: bool = False) -> dict[str, Any] | None:
    """The lock document at ``path`` as TOML data, or None when there is no file. A file
    that cannot be read back is a LockError when ``strict``, else a document holding only
    ``UNREADABLE`` (why), which :func:`staleness` reports, so that sync writes it again."""
    from envmgr.store.lock import LockError

    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        if strict:
            raise LockError(f"cannot read {path}: {exc.strerror or exc}") from None
        return {UNREADABLE: exc.strerror or str(exc)}
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,unused-ignore]
    try:
        doc: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        why = " ".join(str(exc).split())
        if strict:
            raise LockError(f"{path} is not a lock file envmgr can read ({why})",
                            "run 'envmgr sync' to write it again") from None
        return {UNREADABLE: why}
    return doc


def staleness(em: Any, manifest: Manifest, doc: dict[str, Any] | None,
              here: dict[str, str] | None = None) -> list[str]:
    """Why the lock does not answer the manifest here (empty: it is fresh)."""
    if doc is None:
        return [f"there is no {os.path.basename(manifest.lock_path)} yet"]
    if UNREADABLE in doc:
        return [f"{os.path.basename(manifest.lock_path)} cannot be read back "
                f"({doc[UNREADABLE]})"]
    project = table(doc.get("project"))
    reasons = []
    if project.get("digest") != manifest.digest():
        reasons.append("the needs changed since the lock was written")
    needs = table(doc.get("needs"))
    for key in manifest.needs:
        if key not in needs:
            if not reasons:
                reasons.append(f"need '{key}' is not in the lock")
            continue
    for key in needs:
        if key not in manifest.needs and not reasons:
            reasons.append(f"the lock has need '{key}', which the manifest does not")
    locked_facts = table(project.get("facts"))
    if locked_facts:
        now = here if here is not None else when_facts(manifest)
        for k in sorted(set(locked_facts) | set(now)):
            if locked_facts.get(k, "") != now.get(k, ""):
                reasons.append(f"{k} is {now.get(k) or 'none'} here, "
                               f"{locked_facts.get(k) or 'none'} in the lock")
    for key, row in sorted(needs.items()):
        uid = row.get("entry") if isinstance(row, dict) else None
        if not isinstance(uid, str):
            continue
        entry = em.view.get(uid)
        if entry is None:
            reasons.append(f"need '{key}': entry {uid} is not recorded here")
        elif entry.stale or entry.vanished():
            reasons.append(f"need '{key}': {entry.label()} is gone ({entry.anchor})")
    return reasons


def locked_entries(em: Any, manifest: Manifest, doc: dict[str, Any]) -> dict[str, Entry]:
    """need → the entry here that stands for what the lock chose (the same uid, else the
    same soft and version as :func:`envmgr.install.restore.match` pairs them)."""
    from envmgr.install.restore import match
    from envmgr.store.lock import LockedEntry

    out: dict[str, Entry] = {}
    needs = table(doc.get("needs"))
    entries: list[Entry] | None = None
    for key, row in needs.items():
        uid = row.get("entry") if isinstance(row, dict) else None
        if not isinstance(uid, str) or key not in manifest.needs:
            continue
        entry = em.view.get(uid)
        if entry is None or entry.vanished():
            locked = table(doc.get("entry")).get(uid)
            if not isinstance(locked, dict):
                raise SyncError(f"the lock's need '{key}' names entry {uid}, which the lock "
                                "does not hold", "run 'envmgr sync' to write it again")
            if entries is None:
                entries = em.find(include_stale=False)
            entry = match(LockedEntry(uid, locked), entries)
            if entry is None:
                raise SyncError(f"need '{key}': {locked.get('soft')} {locked.get('version')} "
                                "of the lock is not here",
                                "bring it back with 'envmgr sync --frozen' (as restore does)")
        out[key] = entry
    return out


# ---------------------------------------------------------------- sync


def _file_lock(em: Any, manifest: Manifest) -> Any:
    import hashlib

    from filelock import FileLock

    folder = os.path.join(em.config.cache_dir, "projects")
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha256(manifest.path.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return FileLock(os.path.join(folder, name + ".lock"), timeout=3600)


def sync(em: Any, manifest: Manifest, *, dry_run: bool = False, locked: bool = False,
         frozen: bool = False, update: bool = False, allow_unchecked: bool = False,
         note: Callable[[str], None] = lambda text: None) -> SyncReport:
    """Resolve every need and write the lock (see the module docstring). A lock that
    still answers the manifest here is kept as it is (nothing is resolved, nothing
    written), as ``uv sync`` keeps ``uv.lock``; ``update`` resolves every need again."""
    if frozen and (locked or dry_run or update):
        raise UsageError("--frozen uses the lock as it is: give it alone")
    report = SyncReport(manifest, lock_path=manifest.lock_path)
    if frozen:
        return _frozen(em, manifest, report, note)
    here = when_facts(manifest)
    report.facts = here
    if not update and _kept(em, manifest, report, here):
        if dry_run:
            for r in report.rows:
                r.how = "would be " + r.how
        return report
    if dry_run or locked:  # read only: no file lock
        return _resolve(em, manifest, report, here, dry_run=dry_run, locked=locked,
                        update=update, allow_unchecked=allow_unchecked, note=note)
    try:
        lock = _file_lock(em, manifest)
        lock.acquire()
    except OSError as exc:
        raise EnvmgrError(f"cannot take the project's lock in {em.config.cache_dir}: "
                          f"{exc.strerror or exc}") from None
    try:
        # another sync may have written the lock while this one waited
        if not update and _kept(em, manifest, report, here):
            return report
        return _resolve(em, manifest, report, here, dry_run=False, locked=False,
                        update=update, allow_unchecked=allow_unchecked, note=note)
    finally:
        lock.release()


def _kept(em: Any, manifest: Manifest, report: SyncReport, here: dict[str, str]) -> bool:
    """Fill ``report`` from the lock when it still answers the manifest here."""
    doc = read_lock(manifest.lock_path)
    if doc is None or staleness(em, manifest, doc, here):
        return False
    found = locked_entries(em, manifest, doc)
    needs = table(doc.get("needs"))
    report.rows = []
    for key, need in manifest.needs.items():
        if key in found:
            report.rows.append(Row(need, "reused", found[key]))
        else:
            why = table(needs.get(key)).get("skipped", "")
            how = "missing" if str(why).startswith("optional") else "skipped"
            report.rows.append(Row(need, how, note=str(why)))
    return True


def _resolve(em: Any, manifest: Manifest, report: SyncReport, here: dict[str, str], *,
             dry_run: bool, locked: bool, update: bool, allow_unchecked: bool,
             note: Callable[[str], None]) -> SyncReport:
    session = _session(em, allow_unchecked)
    preferred: dict[str, Entry] = {}
    if not update:
        doc = read_lock(manifest.lock_path)
        needs = table((doc or {}).get("needs"))
        for key in manifest.needs:
            uid = table(needs.get(key)).get("entry")
            entry = em.view.get(uid) if isinstance(uid, str) else None
            if entry is not None and not entry.stale:
                preferred[key] = entry
    rows, failed = plan_needs(em, manifest, here, session, preferred)
    if failed:
        lines = [unsatisfied(em, need, exc, session) for need, exc in failed]
        raise SyncError("; ".join(lines) + "; nothing was changed")
    report.rows = rows
    if dry_run:
        for r in rows:
            if r.plan is not None:
                r.how = "would be " + r.how
        return report
    if locked:
        _check_locked(em, manifest, rows, here)
        for r in rows:
            if r.plan is not None:
                r.entry = em.view.get(r.plan.steps[r.plan.roots[0]].uid)
        return report
    for r in rows:
        if r.plan is None:
            continue
        root = r.plan.steps[r.plan.roots[0]]
        if root.action == "reuse" and len(r.plan.steps) == 1:
            r.entry = em.view.get(root.uid)
            continue
        for step in r.plan.installs():
            note(f"installing {step.soft} {step.version} for need '{r.need.key}'")
        outcomes = session.execute(r.plan)
        r.entry = next(o.entry for o in outcomes if o.step.key == root.key)
    _write(em, manifest, rows, here, report)
    return report


def _write(em: Any, manifest: Manifest, rows: Sequence[Row], here: dict[str, str],
           report: SyncReport) -> None:
    from envmgr._atomic import write_text
    from envmgr.store.lock import dumps

    text = dumps(lock_document(em, manifest, rows, here))
    try:
        with open(manifest.lock_path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except (OSError, UnicodeDecodeError):
        pass
    try:
        write_text(manifest.lock_path, text, makedirs=False)
    except OSError as exc:
        raise EnvmgrError(f"cannot write {manifest.lock_path}: {exc.strerror or exc}") from None
    report.written = True


def _check_locked(em: Any, manifest: Manifest, rows: Sequence[Row], here: dict[str, str],
                  ) -> None:
    """``--locked``: the lock must be what resolving here gives; else the difference."""
    doc = read_lock(manifest.lock_path, strict=True)
    if doc is None:
        raise SyncError(f"--locked: there is no {os.path.basename(manifest.lock_path)}",
                        "run 'envmgr sync' to write it")
    lines = [r for r in staleness(em, manifest, doc, here)]
    needs = table(doc.get("needs"))
    for r in rows:
        old = needs.get(r.need.key)
        old_what = (f"{old.get('soft')} {old.get('version')} ({old.get('entry')})"
                    if isinstance(old, dict) and old.get("entry") else "nothing")
        if r.plan is None:
            if isinstance(old, dict) and old.get("entry"):
                lines.append(f"{r.need.key}: the lock has {old_what}, here it is {r.how}")
            continue
        step = r.plan.steps[r.plan.roots[0]]
        if step.action != "reuse":
            lines.append(f"{r.need.key}: the lock has {old_what}, here {step.soft} "
                         f"{step.version} would be {HOW[step.action]}")
        elif not isinstance(old, dict) or old.get("entry") != step.uid:
            lines.append(f"{r.need.key}: the lock has {old_what}, here it is {step.soft} "
                         f"{step.version} ({step.uid})")
    if lines:
        raise SyncError("--locked: the lock does not match what the manifest asks here: "
                        + "; ".join(dict.fromkeys(lines)),
                        "run 'envmgr sync' to update the lock")


def _frozen(em: Any, manifest: Manifest, report: SyncReport,
            note: Callable[[str], None]) -> SyncReport:
    """``--frozen``: bring back what the lock names (as ``restore`` does); never resolve."""
    from envmgr.install.restore import restore
    from envmgr.store.lock import load

    if not os.path.exists(manifest.lock_path):
        raise SyncError(f"--frozen: there is no {os.path.basename(manifest.lock_path)}",
                        "run 'envmgr sync' to write it")
    doc = read_lock(manifest.lock_path, strict=True) or {}
    try:
        found = locked_entries(em, manifest, doc)
    except SyncError:
        restore(em, load(manifest.lock_path), note=note)
        found = locked_entries(em, manifest, doc)
    for key, need in manifest.needs.items():
        entry = found.get(key)
        row = (doc.get("needs") or {}).get(key)
        if entry is not None:
            report.rows.append(Row(need, "locked", entry))
        else:
            why = row.get("skipped") if isinstance(row, dict) else "not in the lock"
            report.rows.append(Row(need, "skipped", note=str(why)))
    return report
