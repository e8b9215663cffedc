"""Writing a home down as a lock, and bringing a lock back in another home.

Like :mod:`envmgr.install.session`, this takes an :class:`envmgr.api.Envmgr` (passed in,
never imported). :func:`make_lock` selects the entries (one per tag group, with their whole
dependency closure) and the host facts; :func:`restore` matches each locked entry with an
entry here, detects what was detected and installs what was installed, with the lock's
checksums. Every install is planned, and every checksum compared with the recipe's, before
anything is installed: a lock whose checksums differ from the recipes here installs nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from envmgr.errors import EnvmgrError
from envmgr.store.entry import Entry
from envmgr.store.lock import Lock, LockedEntry, LockError, build_lock, host_facts
from envmgr.versions import Version

__all__ = ["make_lock", "home_host", "restore", "check", "RestoreReport", "match"]


def home_host() -> dict[str, Any]:
    """The host facts of this machine, as a lock holds them."""
    from envmgr.platform import platform_info

    return host_facts(platform_info())


def make_lock(em: Any, groups: Sequence[Sequence[str]], every: bool = False,
              host: dict[str, Any] | None = None) -> dict[str, Any]:
    """The lock document of one entry per tag group (or ``every`` entry that is not
    stale) and their dependencies."""
    selection: list[tuple[Sequence[str], Entry]] = []
    for tags in groups:
        sel = em.select(list(tags))
        selection.append((list(tags), sel.entry))
    roots = [e for _, e in selection]
    if every:
        roots += [e for e in em.find(include_stale=False) if e.present()]
    closure = em.with_deps(roots) if roots else []
    return build_lock(selection, closure, host if host is not None else home_host())


# ---------------------------------------------------------------- matching


def _checksums(e: Entry) -> list[tuple[str, str | None]]:
    install = e.attrs.get("install")
    sources = install.get("sources") if isinstance(install, dict) else None
    out = []
    for i, s in enumerate(sources or []):
        checksum = s.get("checksum") if isinstance(s, dict) else None
        fetched = e.attrs.get("fetched") or []
        if checksum is None and i < len(fetched) and isinstance(fetched[i], dict) \
                and isinstance(fetched[i].get("sha256"), str):
            checksum = "sha256:" + fetched[i]["sha256"]
        out.append((str(s.get("url")) if isinstance(s, dict) else "", checksum))
    return out


def _is_match(le: LockedEntry, e: Entry) -> bool:
    if e.soft != le.soft or Version(e.version) != Version(le.version) or e.stale:
        return False
    if not e.present():
        return False
    if le.source != "installed":
        return True
    if e.source != "installed":
        return False
    if le.role:
        return True
    inst = le.installed
    if e.recipe != f"{inst.get('recipe')}@{inst.get('recipe_version')}":
        return False
    locked = [(str(s.get("url")), s.get("checksum")) for s in le.sources()]
    return _checksums(e) == locked


def match(le: LockedEntry, entries: Sequence[Entry]) -> Entry | None:
    """The entry here that stands for ``le``: same soft and version (installed: same recipe
    and checksums, its prefix still there), the same prefix preferred."""
    found = [e for e in entries if _is_match(le, e)]
    found.sort(key=lambda e: (e.prefix != le.prefix, e.uid != le.uid, e.uid))
    return found[0] if found else None


def _why_not(le: LockedEntry, entries: Sequence[Entry], detected_now: bool) -> str:
    """One line: why nothing here stands for ``le``."""
    same = [e for e in entries if e.soft == le.soft and not e.stale]
    how = "installed" if le.source == "installed" else "detected"
    where = f" ({le.anchor})" if le.anchor else ""
    head = f"{le.label()} was {how} there{where}"
    alive = [e for e in same if e.present()]
    if not alive:
        gone = [e for e in same if Version(e.version) == Version(le.version)]
        if gone and gone[0].missing():
            return f"{head}; here it is recorded but {gone[0].missing()} no longer exists"
        return f"{head}; here there is none" + (" (detection found none)" if detected_now
                                                else "")
    versions = sorted({e.version for e in alive}, key=Version)
    if any(Version(v) == Version(le.version) for v in versions):
        if le.source == "installed":
            return f"{head}; here it is installed from other sources or checksums"
        return f"{head}; here there is {le.version} but not as {how}"
    return f"{head}; here there is only {', '.join(versions)}"


def _probe(em: Any, items: Sequence[LockedEntry]) -> dict[str, list[Entry]]:
    """What detection finds now (dry run) where the lock found each soft, by prefix: a
    tool that changed in place is seen even while the registry still says otherwise.
    The probe cache makes this a stat per file when nothing changed."""
    by_soft: dict[str, set[str]] = {}
    for le in items:
        if le.source != "installed" and le.prefix and os.path.isdir(le.prefix):
            by_soft.setdefault(le.soft, set()).add(le.prefix)
    found: dict[str, list[Entry]] = {}
    for soft, places in sorted(by_soft.items()):
        try:
            report = em.detect([soft], search_paths=sorted(places), default_paths=False,
                               dry_run=True)
        except EnvmgrError:
            continue
        for e in report.entries:
            found.setdefault(e.prefix, []).append(e)
        for place in places:
            found.setdefault(place, [])
    return found


def check(em: Any, lock: Lock, host: dict[str, Any] | None = None) -> list[str]:
    """One line per locked entry that nothing here stands for, and per host fact that
    differs; empty when this home matches the lock. Changes nothing."""
    here = host if host is not None else home_host()
    lines = [f"host {k}: {lock.host.get(k)!r} there, {here.get(k)!r} here"
             for k in sorted(set(lock.host) | set(here)) if lock.host.get(k) != here.get(k)]
    entries = em.find(include_stale=True)
    now = _probe(em, list(lock.entries.values()))
    for uid in sorted(lock.entries):
        le = lock.entries[uid]
        if le.source != "installed" and le.prefix in now:
            # what is there now decides, and it must also be recorded here
            fresh = now[le.prefix]
            hit = match(le, fresh)
            if hit is None or match(le, entries) is None:
                lines.append(_why_not(le, fresh if hit is None else entries, True))
        elif match(le, entries) is None:
            lines.append(_why_not(le, entries, False))
    return lines


# ---------------------------------------------------------------- restoring


@dataclass
class RestoreReport:
    """What a restore did with each locked entry, and the lines of what it could not match."""

    reused: list[tuple[str, Entry]] = field(default_factory=list)
    detected: list[tuple[str, Entry]] = field(default_factory=list)
    installed: list[tuple[str, Entry]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def rows(items: list[tuple[str, Entry]]) -> list[dict[str, str]]:
            return [{"locked": uid, "uid": e.uid, "soft": e.soft, "version": e.version,
                     "prefix": e.prefix} for uid, e in items]

        return {"reused": rows(self.reused), "detected": rows(self.detected),
                "installed": rows(self.installed), "unmatched": list(self.unmatched)}


def _with_lock_checksums(le: LockedEntry, plan: Any) -> Any:
    """The plan with the root install's sources checked against the lock: a checksum that
    differs from the recipe's is a LockError; one the recipe lacks is taken from the lock."""
    key = plan.roots[0]
    step = plan.steps[key]
    if step.action != "install" or step.build is None:
        return plan
    locked = {str(s.get("url")): s.get("checksum") for s in le.sources()}
    recipe_urls = [s.url for s in step.build.sources]
    if sorted(locked) != sorted(recipe_urls):
        raise LockError(
            f"{le.label()}: the lock's sources ({', '.join(sorted(locked)) or 'none'}) are "
            f"not the recipe's here ({', '.join(sorted(recipe_urls)) or 'none'}); nothing "
            "was installed", "update the recipe, or write the lock again")
    sources = []
    for src in step.build.sources:
        want = locked.get(src.url)
        have = f"{src.checksum[0]}:{src.checksum[1]}" if src.checksum else None
        if want and have and want != have:
            raise LockError(f"{le.label()}: the lock says {want} for {src.url}, the recipe "
                            f"here says {have}; nothing was installed",
                            "a checksum edited by hand, or another recipe: check both")
        if want and not have:
            algo, _, digest = want.partition(":")
            if algo not in ("sha256", "md5"):
                raise LockError(f"{le.label()}: {algo} checksums cannot be checked on "
                                "download; nothing was installed")
            src = replace(src, **{algo: digest, "unchecked_reason": None})
        sources.append(src)
    new = replace(step, build=replace(step.build, sources=tuple(sources)))
    return replace(plan, steps={**plan.steps, key: new})


def restore(em: Any, lock: Lock, note: Callable[[str], None] = lambda text: None,
            mirrors: Sequence[str] = ()) -> RestoreReport:
    """Bring ``lock`` back in this home (see the module docstring)."""
    from envmgr.install.resolver import Request
    from envmgr.install.session import InstallSession

    report = RestoreReport()
    entries: list[Entry] = em.find(include_stale=True)
    to_install: list[LockedEntry] = []
    to_detect: list[LockedEntry] = []
    later: list[LockedEntry] = []
    for uid in sorted(lock.entries):
        le = lock.entries[uid]
        have = match(le, entries)
        if have is not None:
            report.reused.append((uid, have))
        elif le.source == "installed" and le.role:
            later.append(le)
        elif le.source == "installed":
            to_install.append(le)
        else:
            to_detect.append(le)
    # a detected tool may have changed in place since it was recorded: look again
    now = _probe(em, [le for _, le in ((u, lock.entries[u]) for u, _ in report.reused)])
    for uid, have in list(report.reused):
        le = lock.entries[uid]
        if le.source != "installed" and le.prefix in now and match(le, now[le.prefix]) is None:
            report.reused.remove((uid, have))
            to_detect.append(le)

    # plan every install, and compare every checksum, before anything is installed
    session = InstallSession(em, mirrors=mirrors, note=note)
    plans: list[tuple[LockedEntry, Any]] = []
    for le in to_install:
        inst = le.installed
        req = Request(name=str(inst["recipe"]), version=f"=={inst['recipe_version']}",
                      variants=dict(inst.get("variants", {})),
                      frontend=inst.get("frontend") or None, fresh=True)
        try:
            plan = session.plan([req])
        except LockError:
            raise
        except EnvmgrError as exc:
            report.unmatched.append(f"{le.label()} was installed there from recipe "
                                    f"{inst['recipe']}@{inst['recipe_version']}; here it "
                                    f"cannot be planned: {exc.message}")
            continue
        plans.append((le, _with_lock_checksums(le, plan)))

    _detect(em, to_detect, report, note)

    for le, plan in plans:
        outcomes = session.execute(plan)
        root = next(o for o in outcomes if o.step.key == plan.roots[0])
        report.installed.append((le.uid, root.entry))

    if later:
        entries = em.find(include_stale=True)
        for le in later:
            have = match(le, entries)
            if have is not None:
                report.installed.append((le.uid, have))
            else:
                report.unmatched.append(_why_not(le, entries, False))
    return report


def _detect(em: Any, wanted: Sequence[LockedEntry], report: RestoreReport,
            note: Callable[[str], None]) -> None:
    """Detect each soft once: first where the lock found it, then everywhere."""
    by_soft: dict[str, list[LockedEntry]] = {}
    for le in wanted:
        by_soft.setdefault(le.soft, []).append(le)
    for soft, items in sorted(by_soft.items()):
        places = sorted({le.prefix for le in items if le.prefix and os.path.isdir(le.prefix)})
        left = list(items)
        seen: list[Entry] = []
        try:
            for search, defaults in ((places, False), ((), True)):
                if not left or (not search and not defaults):
                    continue
                note(f"detecting {soft}" + (f" in {', '.join(search)}" if search else ""))
                rep = em.detect([soft], search_paths=list(search), default_paths=defaults)
                # what detection found now decides: the registry may still hold the old
                # version of a tool that changed in place
                entries = rep.entries
                seen += entries
                for le in list(left):
                    have = match(le, entries)
                    if have is not None:
                        report.detected.append((le.uid, have))
                        left.remove(le)
        except EnvmgrError as exc:
            for le in left:
                report.unmatched.append(f"{le.label()} was detected there; here it cannot be "
                                        f"detected: {exc.message}")
            continue
        report.unmatched += [_why_not(le, seen, True) for le in left]
