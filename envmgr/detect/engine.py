"""The detection engine: one search space, one indexing pass, parallel cached probes.

The engine builds the search space (:mod:`envmgr.searchspace`), takes each soft's
candidates (:mod:`envmgr.candidates`), drops what a soft's ``skip_candidate`` turns down
(a decision that may depend on other files), probes the rest in parallel with deadlines
(:mod:`envmgr._pool`) through the probe cache (:mod:`envmgr.probecache`), and makes each
probed candidate a :class:`~envmgr.soft.Found`; those with the same soft, prefix, version
and variant are one installation (the forms' findings merged).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from envmgr import _proc
from envmgr.detect.candidates import candidates
from envmgr.detect.companions import CompanionCheck, languages_of
from envmgr.detect.deferred import Deferred, may_have_candidates
from envmgr.detect.explain import Explain
from envmgr.detect.pool import Job, Pool, SharedRuns
from envmgr.detect.probecache import ProbeCache
from envmgr.detect.probed import Outcome, Probed, check_probed
from envmgr.detect.searchspace import SearchSpace, expand_pattern
from envmgr.detect.soft import Candidate, Found, Reject, Runner, Soft
from envmgr.errors import ProbeError

__all__ = ["SearchContext", "DetectResult", "detect", "describe"]


@dataclass
class SearchContext:
    """What ``envmgr_search_dirs`` implementations are told about the run."""

    softs: list[str]
    home: str
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ), repr=False)


@dataclass
class DetectResult:
    found: list[Found]
    probed: dict[str, set[str]]
    """soft name → realpaths probed this run (for staleness)."""
    explain: Explain
    warnings: list[str]


class _Item:
    """One candidate to probe, in the order its answer is reported."""

    __slots__ = ("soft", "cand", "key", "outcome", "how", "job")

    def __init__(self, soft: type[Soft], cand: Candidate, key: str | None) -> None:
        self.soft = soft
        self.cand = cand
        self.key = key
        self.outcome: Outcome | None = None
        self.how = "cached"
        self.job: Job | None = None


def _probe_one(soft: type[Soft], cand: Candidate, key: str | None, cache: ProbeCache,
               run: Runner) -> Outcome:
    start = time.monotonic()
    try:
        outcome = Outcome("ok", probed=check_probed(soft.probe(cand, run)))
    except Reject as exc:
        outcome = Outcome("reject", str(exc))
    except _proc.ProbeTimeout as exc:
        outcome = Outcome("timeout", str(exc))
    except _proc.OutputTooLarge as exc:
        outcome = Outcome("reject", str(exc))
    except ProbeError as exc:  # could not run: no answer, and not remembered
        outcome = Outcome("error", str(exc))
    outcome = outcome.timed(time.monotonic() - start)
    cache.put(key, outcome)
    return outcome


def _bind(soft: type[Soft], cand: Candidate, key: str | None, cache: ProbeCache,
          run: Runner) -> Callable[[], Outcome]:
    return lambda: _probe_one(soft, cand, key, cache, run)


def detect(
    softs: Sequence[type[Soft] | Deferred],
    dirs: Sequence[tuple[str, str]],
    cache: ProbeCache,
    explain: Explain | None = None,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
    soft_dirs: bool = True,
    refresh: bool = False,
) -> DetectResult:
    """Find, probe and describe every installation of ``softs`` in ``dirs``.

    ``soft_dirs=False`` leaves out the softs' own ``search_dirs`` and ``data_dirs`` and the
    other forms' standard dirs (an isolated search: only ``dirs`` and what lies under them).
    ``refresh=True`` probes every candidate again, whatever the cache holds.

    A :class:`~envmgr.detect.deferred.Deferred` soft is searched for by its indexed
    declaration, and its plugin imported only where the search space may hold one.

    However it ends (an exception, Ctrl-C, SIGTERM, SIGHUP), no probe outlives it.
    """
    explain = explain or Explain()
    all_dirs = list(dirs)
    env = dict(os.environ)
    data_dirs: list[tuple[str, str]] = []
    expanded: dict[str, list[str]] = {}
    listings: dict[str, list[str] | None] = {}

    def listdir(d: str) -> list[str] | None:
        if d not in listings:
            try:
                listings[d] = os.listdir(d)
            except OSError:
                listings[d] = None
        return listings[d]

    searched = [s.declared if isinstance(s, Deferred) else s for s in softs]
    for soft in searched if soft_dirs else ():
        for pattern in soft.search_dirs:
            if pattern not in expanded:
                expanded[pattern] = expand_pattern(pattern, env, listdir)
            all_dirs += [(d, f"{soft.name} search_dirs") for d in expanded[pattern]]
        for pattern in soft.data_dirs:
            if pattern not in expanded:
                expanded[pattern] = expand_pattern(pattern, env, listdir)
            data_dirs += [(d, f"{soft.name} data_dirs") for d in expanded[pattern]]
    space = SearchSpace(all_dirs, explain, system=soft_dirs, environ=env, data_dirs=data_dirs,
                        cache=cache)

    found: list[Found] = []
    warnings: list[str] = space.warnings
    # realpaths with a definitive answer (kept or rejected), never a failed probe's
    probed: dict[str, set[str]] = {s.name: set() for s in softs}
    items: list[_Item] = []
    pool: Pool | None = None
    groups = _proc.ProbeGroups()
    run = SharedRuns(groups.run)
    with _proc.exit_on_signals():
        try:
            misses: list[_Item] = []
            for wanted in softs:
                loaded = _load(wanted, space, explain)
                if loaded is None:
                    continue
                soft = loaded
                cands = candidates(soft, space, explain)
                if not cands:
                    explain(f"{soft.name}: no candidates ({_patterns(soft)})")
                for cand in cands:
                    try:
                        why = soft.skip_candidate(cand)
                    except Exception as exc:  # noqa: BLE001 - a plugin's override may fail
                        warnings.append(f"{soft.name}: skip_candidate({cand.path}) failed: "
                                        f"{exc}; skipped")
                        continue
                    if why:
                        explain(f"{soft.name}: reject {cand.path}: {why}")
                        probed[soft.name].add(cand.realpath)
                        continue
                    item = _Item(soft, cand, ProbeCache.key(soft, cand))
                    item.outcome = None if refresh else cache.get(item.key)
                    if item.outcome is None:
                        misses.append(item)
                    items.append(item)
            if misses:
                # the slowest probes first, so that they do not finish last: by what they
                # took before, else by the timeout their soft allows (a tool that boots a
                # VM declares a long one); files are read, not run, and go last
                misses.sort(key=lambda it: (-cache.cost(it.soft), -it.soft.timeout,
                                            it.cand.kind != "executable"))
                pool = Pool(min(workers or min(16, (os.cpu_count() or 2) * 4), len(misses)))
                for item in misses:
                    item.how = "probed"
                    item.job = pool.submit(_bind(item.soft, item.cand, item.key, cache,
                                                 run), item.soft.timeout)
            remembered = 0
            kept: list[tuple[_Item, Probed]] = []
            for item in items:
                if item.how == "cached" and item.outcome and item.outcome.kind == "timeout":
                    remembered += 1
                answer = _collect(item, pool, cache, explain, warnings)
                if answer is not None:
                    kept.append((item, answer))
                    if progress:
                        progress(f"{item.soft.name} {answer['version']}")
                elif item.how == "rejected":  # a definitive answer
                    probed[item.soft.name].add(item.cand.realpath)
            # companions are paired once every candidate's version is known
            check = CompanionCheck(((it.soft, it.cand, p["version"]) for it, p in kept),
                                   cache, run, explain)
            for item, answer in kept:
                got = _keep(item, answer, check, explain, warnings, probed)
                if got is not None:
                    found.append(got)
            if remembered:
                warnings.append(f"{remembered} candidate(s) skipped: their probes timed out "
                                "before (see --explain); 'envmgr detect --refresh' tries again")
        finally:
            if pool is not None:
                pool.close()
            groups.close()
    cache.save()
    return DetectResult(found=_merge(found, explain), probed=probed, explain=explain,
                        warnings=warnings)


def _load(wanted: type[Soft] | Deferred, space: SearchSpace,
          explain: Explain) -> type[Soft] | None:
    """The soft class to search for; a deferred one's plugin is imported only where the
    space may hold a candidate (None: it holds none, or the plugin failed to load)."""
    if not isinstance(wanted, Deferred):
        return wanted
    if not may_have_candidates(wanted.declared, space):
        explain(f"{wanted.name}: no candidates ({_patterns(wanted.declared)})")
        return None
    soft = wanted.load()  # a plugin that fails to import is reported by the host
    if soft is None:
        explain(f"{wanted.name}: not searched: its plugin could not be loaded")
    return soft


def _collect(item: _Item, pool: Pool | None, cache: ProbeCache, explain: Explain,
             warnings: list[str]) -> Probed | None:
    """What the probe of one candidate found, or None (a rejection marks the realpath
    probed: ``item.how`` becomes ``rejected``)."""
    soft, cand, job = item.soft, item.cand, item.job
    if job is not None and pool is not None:
        if not pool.wait(job):
            reason = f"probing {cand.path} did not finish within {soft.timeout:g}s"
            warnings.append(f"{soft.name}: {reason}; skipped")
            explain(f"{soft.name}: reject {cand.path}: probe hung")
            cache.put(item.key, Outcome("timeout", reason, seconds=soft.timeout))
            return None
        if job.error is not None:
            warnings.append(f"{soft.name}: probing {cand.path} failed: {job.error}; skipped")
            explain(f"{soft.name}: reject {cand.path}: probe raised {job.error!r}")
            return None
        item.outcome = job.value
    outcome = item.outcome
    assert outcome is not None
    if outcome.kind == "timeout":
        if item.how == "cached":
            explain(f"{soft.name}: reject {cand.path}: {outcome.reason} (cached; "
                    "--refresh tries again)")
        else:
            explain(f"{soft.name}: reject {cand.path}: {outcome.reason}")
            warnings.append(f"{soft.name}: {outcome.reason}; skipped")
        return None
    if outcome.kind == "error":  # could not run: worth a warning, and no answer
        explain(f"{soft.name}: reject {cand.path}: {outcome.reason}")
        warnings.append(f"{soft.name}: {outcome.reason}; skipped")
        return None
    if outcome.kind == "reject" or outcome.probed is None:
        explain(f"{soft.name}: reject {cand.path}: {outcome.reason}")
        item.how = "rejected"
        return None
    return outcome.probed


def _keep(item: _Item, answer: Probed, check: CompanionCheck, explain: Explain,
          warnings: list[str], probed: dict[str, set[str]]) -> Found | None:
    """The finding of one probed candidate; marks its realpath probed."""
    soft, cand = item.soft, item.cand
    try:
        found = describe(soft, cand, answer, check)
    except Exception as exc:  # noqa: BLE001 - a plugin's override may fail
        warnings.append(f"{soft.name}: describing {cand.path} failed: {exc}; skipped")
        return None
    explain(f"{soft.name}: keep {cand.path} -> {soft.name} {found.version} "
            f"at {found.prefix} ({item.how})")
    probed[soft.name].add(cand.realpath)
    return found


def _patterns(soft: type[Soft]) -> str:
    parts = [
        ("patterns", list(soft.executables)),
        ("pkgconfig", soft.names_of("pkgconfig")),
        ("headers", list(soft.headers)),
        ("libraries", list(soft.libraries)),
        ("python_dist", soft.names_of("python_dist")),
        ("markers", list(soft.markers)),
    ]
    shown = [f"{what}: {', '.join(values)}" for what, values in parts if values]
    if soft.executables:  # the host's rule, not the plugin's patterns
        shown[0] += " (each also with a version suffix: -N[.N...], N.N[.N...])"
    return "; ".join(shown) or "patterns: -"


def _merge(found: list[Found], explain: Explain) -> list[Found]:
    """One installation per (soft, prefix, version, variant): the first candidate wins.

    The variant (``attrs["variant"]``, a probe's say) tells apart builds of one version
    sharing a prefix: python3.13 and the free-threaded python3.13t.

    Where a file form is involved (a soft that declares a header and a library, say),
    what the later ones found is added where the first has none: a kind of dirs (a
    header's include dir to a library's lib dir), attrs and env vars; and their tags.
    """
    out: dict[tuple[str, str, str, str], Found] = {}
    for f in found:
        key = (f.soft.name, f.prefix, f.version, str(f.attrs.get("variant") or ""))
        if key in out:
            first = out[key]
            explain(
                f"{f.soft.name}: {f.candidate.path} is the same installation as "
                f"{first.candidate.path} ({f.prefix}, {f.version})"
            )
            if "executable" not in (first.candidate.kind, f.candidate.kind) or (
                first.candidate.kind != f.candidate.kind
            ):
                _absorb(first, f)
            continue
        out[key] = f
    return list(out.values())


def _absorb(into: Found, other: Found) -> None:
    for key, dirs in other.paths.items():
        if dirs and not into.paths.get(key):
            into.paths[key] = list(dirs)
    for key, value in other.attrs.items():
        into.attrs.setdefault(key, value)
    for key, value in other.env.items():
        into.env.setdefault(key, value)
    into.tags += [t for t in other.tags if t not in into.tags]


#: the names an ``env`` template may use (see :attr:`Soft.env`)
TEMPLATE_NAMES = frozenset({"prefix", "version", "path", "bindir", "executable", "libdir",
                            "includedir", "cmd"})
_TEMPLATE = re.compile(r"\{\{|\}\}|\{(\w+)(?:\[([^\]{}]*)\])?\}")


def fill_template(template: str, values: dict[str, Any]) -> str | None:
    """``template`` with ``{name}`` and ``{cmd[NAME]}`` filled from ``values``; None when it
    names one of :data:`TEMPLATE_NAMES` that this candidate lacks. Any other brace is the
    value's own (``${HOME}``, ``{a,b}``); ``{{`` and ``}}`` stay one brace, as in
    ``str.format``."""
    missing = False

    def fill(m: re.Match[str]) -> str:
        nonlocal missing
        text, name, key = m.group(0), m.group(1), m.group(2)
        if text in ("{{", "}}"):
            return text[0]
        if name not in TEMPLATE_NAMES or (name == "cmd") != (key is not None):
            return text
        value = values.get(name)
        if key is not None:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            missing = True
            return text
        return str(value)

    out = _TEMPLATE.sub(fill, template)
    return None if missing else out


def describe(soft: type[Soft], cand: Candidate, probed: Probed,
             companions: CompanionCheck | None = None) -> Found:
    """Turn a probe result into a Found: prefix, paths, commands, env and tags.

    An executable's attrs hold ``executable``, ``realpath`` and ``commands``; another
    kind's hold ``path`` (the file or dir found: what staleness checks) and ``realpath``,
    and it has no commands. ``companions`` drops the companions of another version; a
    compiler's ``compilers`` and ``languages`` come from the commands kept.
    """
    version = probed["version"]
    prefix = probed.get("prefix") or soft.determine_prefix(cand)
    paths = probed.get("paths") or soft.determine_paths(prefix, cand)
    paths = {k: list(v) for k, v in paths.items()}
    commands = soft.commands(cand)
    if companions is not None:
        commands = companions(soft, cand, version, commands)
    values: dict[str, Any] = {"prefix": prefix, "version": version, "path": cand.path}
    if cand.kind == "executable":
        attrs: dict[str, Any] = {
            "executable": cand.path, "realpath": cand.realpath, "commands": commands,
        }
        values.update(bindir=os.path.dirname(cand.path), executable=cand.path, cmd=commands)
    else:
        attrs = {"path": cand.path, "realpath": cand.realpath}
        for key, var in (("lib", "libdir"), ("include", "includedir")):
            if paths.get(key):
                values[var] = paths[key][0]
    attrs.update(probed.get("attrs") or {})
    env: dict[str, str] = {}
    for var, template in {**soft.env, **(probed.get("env") or {})}.items():
        value = fill_template(template, values)
        if value is not None:
            env[var] = value
    lang_tags: list[str] = []
    if soft.compilers and cand.kind == "executable":
        compilers, languages, lang_env, lang_tags = languages_of(soft, commands)
        attrs.setdefault("compilers", compilers)
        attrs.setdefault("languages", languages)
        for var, path in lang_env.items():
            env.setdefault(var, path)
    found = Found(
        soft=soft,
        candidate=cand,
        version=version,
        prefix=prefix,
        paths=paths,
        env=env,
        attrs=attrs,
        commands=commands,
    )
    found.tags = list(probed.get("tags") or []) + lang_tags + list(soft.extra_tags(found))
    return found
