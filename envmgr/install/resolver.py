"""The resolver: requests + existing entries + detections + recipes → a plan. Pure.

No I/O and no hook calls: everything it needs is passed in, so the CLI can print a plan
(``install --dry-run``) without touching the disk or the network, and tests can drive it
with plain objects.

For each request, and recursively for each dependency of a recipe it decides to install,
it takes, in this order:

1. a node already chosen in this plan that matches (so the plan is a DAG, not a tree);
2. an existing entry that matches its name or tags, its version spec and its variants;
3. a soft that detection could find, likewise;
4. an install of the recipe's best version that satisfies the spec.

Version bounds are honoured at every step, for entries already there too. One soft gets
one version per plan: when a later dependent needs a version of a soft that an earlier
choice excludes, the resolver starts again with both bounds on that soft if some version
satisfies them, and otherwise raises :class:`~envmgr.install.errors.ConflictError` naming
both chains. A recipe that needs itself, directly or through others, raises
:class:`~envmgr.install.errors.CycleError` with the loop.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from types import MappingProxyType
from typing import Any, Literal, Protocol

from envmgr.install.errors import (
    ConflictError,
    CycleError,
    NoVersionError,
    RecipeError,
    ResolveError,
    UnknownRecipeError,
)
from envmgr.install.recipe import Build, Recipe, _thaw
from envmgr.versions import Version, VersionSpec, version_tags

__all__ = [
    "EntryLike",
    "FoundLike",
    "Query",
    "Request",
    "Step",
    "Plan",
    "Detections",
    "resolve",
    "variants_from_tags",
]

Action = Literal["reuse", "detect", "install"]


class EntryLike(Protocol):
    """What the resolver reads of an existing entry (envmgr.store.Entry has all of it)."""

    @property
    def uid(self) -> str: ...
    @property
    def soft(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def tags(self) -> Sequence[str]: ...


class FoundLike(Protocol):
    """What the resolver reads of a detection; a ``path`` or ``prefix`` is shown if present."""

    @property
    def soft(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def tags(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Query:
    """What a detection callable is asked for: a soft name, or tags."""

    name: str | None
    tags: tuple[str, ...]


#: detections: a callable asked per query, or a precomputed mapping soft name → found
Detections = Callable[[Query], Iterable[FoundLike]] | Mapping[str, Iterable[FoundLike]]


@dataclass(frozen=True)
class Request:
    """One thing asked for: by ``name`` or by ``tags``, with a version spec and variants."""

    name: str | None = None
    tags: tuple[str, ...] = ()
    version: str | None = None
    variants: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: use this front-end instead of the recipe's
    frontend: str | None = None
    #: install even when an entry or a detection would do (dependencies still reuse)
    fresh: bool = False

    @classmethod
    def parse(cls, text: str, **kw: Any) -> Request:
        """``NAME`` or ``NAME@VERSION`` (a version is a prefix: ``zlib@1.3`` takes 1.3.x)."""
        name, _, version = text.strip().partition("@")
        return cls(name=name, version=version or kw.pop("version", None), **kw)

    def describe(self) -> str:
        """``name``, or ``tags=a,b``, with the version spec."""
        what = self.name or "tags=" + ",".join(self.tags)
        return f"{what} {self.version}" if self.version else what


@dataclass(frozen=True)
class Step:
    """One node of the plan. ``deps`` are keys of other steps."""

    key: str
    action: Action
    soft: str
    version: str
    tags: tuple[str, ...] = ()
    deps: tuple[str, ...] = ()
    #: those of ``deps`` only needed to build it (``kind = "build"``): not recorded as its
    #: entry's dependencies, so not activated with it
    build_deps: tuple[str, ...] = ()
    #: how this step was reached: request, then each recipe@version down to it
    chain: tuple[str, ...] = ()
    variants: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    uid: str | None = None  # reuse
    found: Any = None  # detect: the detection object as given
    build: Build | None = None  # install
    frontend: str | None = None  # install
    hash: str | None = None  # install: identity of recipe, version, variants, sources, deps
    target: str | None = None  # install: <home>/install/<name>-<version>-<hash>
    #: install: what the front-end says of this build (its ``plan_notes``), filled in by
    #: the install session; the resolver itself calls no plugin
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready description (``install --dry-run --json``)."""
        out: dict[str, Any] = {
            "key": self.key, "action": self.action, "soft": self.soft,
            "version": self.version, "deps": list(self.deps), "chain": list(self.chain),
        }
        if self.variants:
            out["variants"] = dict(self.variants)
        if self.uid:
            out["uid"] = self.uid
        if self.action == "detect":
            out["path"] = _found_path(self.found)
        if self.build is not None:
            out.update(
                frontend=self.frontend, hash=self.hash, target=self.target,
                settings=_thaw(self.build.settings),
                sources=[
                    {"url": s.url, "mirrors": list(s.mirrors),
                     "checksum": f"{s.checksum[0]}:{s.checksum[1]}" if s.checksum else None,
                     "size": s.size, "filename": s.filename}
                    for s in self.build.sources
                ],
            )
            if self.notes:
                out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True)
class Plan:
    """Steps in dependency order (each step after its deps) and the request roots."""

    steps: Mapping[str, Step]
    roots: tuple[str, ...]

    def __iter__(self) -> Any:
        return iter(self.steps.values())

    def installs(self) -> list[Step]:
        """The install steps, dependencies first."""
        return [s for s in self.steps.values() if s.action == "install"]

    def to_json(self) -> dict[str, Any]:
        """``{"roots": [...], "steps": [...]}``."""
        return {"roots": list(self.roots), "steps": [s.to_json() for s in self.steps.values()]}

    def tree(self) -> str:
        """The plan as an indented tree; a node shown before is named, not repeated."""
        lines: list[str] = []
        shown: set[str] = set()

        def emit(key: str, prefix: str, last: bool, top: bool) -> None:
            step = self.steps[key]
            branch = "" if top else ("└─ " if last else "├─ ")
            head = f"{prefix}{branch}{_describe(step)}"
            if key in shown:
                lines.append(f"{head} (see above)")
                return
            shown.add(key)
            lines.append(head)
            inner = prefix + ("" if top else ("   " if last else "│  "))
            if step.build is not None:
                for src in step.build.sources:
                    check = f"{src.checksum[0]}:{src.checksum[1]}" if src.checksum else (
                        "no published checksum")
                    size = f" {_size(src.size)}" if src.size is not None else ""
                    lines.append(f"{inner}   {src.url} {check}{size}")
                lines.extend(f"{inner}   note: {n}" for n in step.notes)
            for i, dep in enumerate(step.deps):
                emit(dep, inner, i == len(step.deps) - 1, False)

        for root in self.roots:
            emit(root, "", True, True)
        return "\n".join(lines)


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{n} B"  # pragma: no cover


def _found_path(found: Any) -> str:
    return str(getattr(found, "path", "") or getattr(found, "prefix", "") or "")


def _describe(step: Step) -> str:
    name = f"{step.soft}@{step.version}"
    var = ",".join(f"{k}={v}" for k, v in sorted(step.variants.items()))
    if var:
        name += f" [{var}]"
    if step.action == "reuse":
        return f"reuse {name} (entry {step.uid})"
    if step.action == "detect":
        path = _found_path(step.found)
        return f"detect {name}" + (f" ({path})" if path else "")
    return f"install {name} with {step.frontend} into {step.target}"


# ---------------------------------------------------------------- the search


@dataclass(frozen=True)
class _Need:
    name: str | None
    tags: tuple[str, ...]
    spec_text: str | None
    variants: Mapping[str, str]
    chain: tuple[str, ...]
    frontend: str | None = None
    fresh: bool = False

    @property
    def spec(self) -> VersionSpec | None:
        return VersionSpec(self.spec_text) if self.spec_text else None

    def label(self) -> str:
        what = self.name or ",".join(self.tags)
        return f"{what}{self.spec_text}" if self.spec_text and self.spec_text[0] in "<>=!~" \
            else (f"{what} {self.spec_text}" if self.spec_text else what)


@dataclass
class _Chosen:
    key: str
    soft: str
    version: str
    tags: frozenset[str]
    variants: Mapping[str, str]
    specs: list[tuple[str | None, tuple[str, ...]]]  # (spec text, chain) of each need it met


class _Restart(Exception):
    def __init__(self, soft: str, spec: str) -> None:
        self.soft = soft
        self.spec = spec


def _tagset(soft: str, version: str, tags: Iterable[str]) -> frozenset[str]:
    return frozenset(tags) | {soft} | frozenset(version_tags(version))


def variants_from_tags(
    wanted: Iterable[str], have: frozenset[str], values: Mapping[str, Iterable[str]]
) -> dict[str, str] | None:
    """The variants that tags name, or None when a tag names nothing here.

    A tag that is not one of ``have`` (a recipe's or entry's own tags) selects the variant
    whose ``values`` hold it: ``--tags=model,mobilenet,v1,onnx`` asks for ``version=v1``
    and ``format=onnx``. None when a tag is no value, the value of several variants
    (ambiguous), or a second value of a variant another tag already chose."""
    chosen: dict[str, str] = {}
    for tag in wanted:
        if tag in have:
            continue
        owners = [name for name, vals in values.items() if tag in vals]
        if len(owners) != 1 or chosen.get(owners[0], tag) != tag:
            return None
        chosen[owners[0]] = tag
    return chosen


def _recipe_values(recipe: Recipe) -> dict[str, tuple[str, ...]]:
    return {name: var.values for name, var in recipe.variants.items()}


def _variants_of(obj: Any) -> Mapping[str, str] | None:
    direct = getattr(obj, "variants", None)
    if isinstance(direct, Mapping):
        return direct
    attrs = getattr(obj, "attrs", None)
    if isinstance(attrs, Mapping) and isinstance(attrs.get("variants"), Mapping):
        found: Mapping[str, str] = attrs["variants"]
        return found
    return None


def _spec_ok(version: str, specs: Iterable[str | None]) -> bool:
    return all(VersionSpec(s).contains(version) for s in specs if s)


def _sort_key(version: str, deprecated: bool = False) -> tuple[bool, bool, Version]:
    v = Version(version)
    return (not deprecated, not v.is_prerelease, v)


class _Resolver:
    def __init__(
        self,
        recipes: Mapping[str, Recipe],
        entries: Sequence[EntryLike],
        detect: Detections | None,
        platform: Mapping[str, str],
        home: str | PurePath | None,
        pins: Mapping[str, Sequence[str]],
    ) -> None:
        self.recipes = recipes
        self.entries = entries
        self.detect = detect
        self.platform = platform
        self.home = home
        self.pins = pins
        self.steps: dict[str, Step] = {}
        self.chosen: dict[str, _Chosen] = {}
        self.in_progress: list[str] = []
        self._detect_cache: dict[Query, list[FoundLike]] = {}

    # -- candidates

    def _matches(self, need: _Need, soft: str, version: str, tags: Iterable[str],
                 variants: Mapping[str, str] | None) -> bool:
        if need.name is not None and soft != need.name:
            return False
        asked = dict(need.variants)
        if need.tags:
            have = _tagset(soft, version, tags)
            if not set(need.tags) <= have:
                # the other tags may name the variants it was built with
                known = {k: (v,) for k, v in (variants or {}).items()}
                by_tags = variants_from_tags(need.tags, have, known)
                if by_tags is None:
                    return False
                asked = {**by_tags, **asked}
        if not _spec_ok(version, [need.spec_text, *self.pins.get(soft, ())]):
            return False
        if asked:
            if variants is None:
                return False
            if any(variants.get(k) != v for k, v in asked.items()):
                return False
        return True

    def _tag_variants(self, recipe: Recipe, version: str, need: _Need) -> dict[str, str] | None:
        """The variants ``need``'s tags select of ``recipe`` at ``version`` (None: no match)."""
        by_tags = variants_from_tags(need.tags, _tagset(recipe.name, version, recipe.tags),
                                     _recipe_values(recipe))
        if by_tags is None:
            return None
        clash = {k: v for k, v in by_tags.items() if need.variants.get(k, v) != v}
        if clash:
            k, v = next(iter(clash.items()))
            raise ResolveError(
                f"tag {v} asks for {k}={v} of {recipe.name}, but {k}={need.variants[k]} "
                "was asked for too", need.chain, "drop the tag or the --variant")
        return by_tags

    def _found(self, need: _Need) -> list[FoundLike]:
        if self.detect is None:
            return []
        query = Query(need.name, need.tags)
        if query not in self._detect_cache:
            if isinstance(self.detect, Mapping):
                if need.name is not None:
                    got = list(self.detect.get(need.name, ()))
                else:
                    got = [f for items in self.detect.values() for f in items]
            else:
                got = list(self.detect(query))
            self._detect_cache[query] = got
        return self._detect_cache[query]

    def _recipe_for(self, need: _Need) -> Recipe:
        if need.name is not None:
            recipe = self.recipes.get(need.name)
            if recipe is None:
                raise self._unknown(need)
            return recipe
        hits = [
            r for r in self.recipes.values()
            if any(self._tag_variants(r, v.version, need) is not None for v in r.versions)
        ]
        wanted = set(need.tags)
        if not hits:
            raise self._unknown(need)
        if len(hits) == 1:
            return hits[0]
        named = [r for r in hits if r.name in wanted]
        if len(named) == 1:
            return named[0]
        names = ", ".join(sorted(r.name for r in hits))
        raise ResolveError(
            f"tags {','.join(need.tags)} match several recipes: {names}",
            need.chain, "name one, or add a tag that only it has",
        )

    def _unknown(self, need: _Need) -> UnknownRecipeError:
        where = f" (needed by {' -> '.join(need.chain)})" if len(need.chain) > 1 else ""
        if need.name is not None:
            pool = set(self.recipes) | {e.soft for e in self.entries}
            if isinstance(self.detect, Mapping):
                pool |= set(self.detect)
            close = difflib.get_close_matches(need.name, sorted(pool), n=3, cutoff=0.6)
            hint = (f"did you mean {' or '.join(close)}?" if close
                    else "`envmgr search` lists the recipes")
            return UnknownRecipeError(
                f"no recipe, entry or detected soft is called '{need.name}'{where}",
                need.chain, hint)
        tags = {t for r in self.recipes.values() for t in (*r.tags, r.name)}
        tags |= {t for e in self.entries for t in (*e.tags, e.soft)}
        close_tags = sorted({c for t in need.tags
                             for c in difflib.get_close_matches(t, sorted(tags), n=2, cutoff=0.7)
                             if c not in need.tags})
        hint = (f"did you mean tag {' or '.join(close_tags)}?" if close_tags
                else "`envmgr search` lists the recipes and their tags")
        return UnknownRecipeError(
            f"nothing has tags {','.join(need.tags)}: no entry, no detection, no recipe{where}",
            need.chain, hint)

    def _pick_version(self, recipe: Recipe, need: _Need) -> str:
        specs = [need.spec_text, *self.pins.get(recipe.name, ())]
        ok = [
            v for v in recipe.versions
            if _spec_ok(v.version, specs)
            and self._tag_variants(recipe, v.version, need) is not None
        ]
        if not ok:
            have = ", ".join(sorted(recipe.version_names, key=Version, reverse=True))
            bounds = " and ".join(s for s in specs if s) or "the tags asked for"
            via = f" (needed by {' -> '.join(need.chain)})" if len(need.chain) > 1 else ""
            raise NoVersionError(
                f"no version of {recipe.name} satisfies {bounds}{via}; there are {have}",
                need.chain, f"ask for one of {have}")
        best = max(ok, key=lambda v: _sort_key(v.version, v.deprecated))
        return best.version

    # -- the walk

    def need(self, need: _Need) -> str:
        # 1. a node already in the plan
        for ch in self.chosen.values():
            if self._matches(need, ch.soft, ch.version, ch.tags, ch.variants):
                if ch.key in self.in_progress:
                    loop = self.in_progress[self.in_progress.index(ch.key):]
                    raise CycleError(
                        "dependency cycle: " + " -> ".join([*loop, ch.key]),
                        need.chain, "break the loop in one of these recipes")
                ch.specs.append((need.spec_text, need.chain))
                return ch.key
        step = self._fresh(need)
        return step

    def _conflict_or_restart(self, soft: str, need: _Need) -> None:
        ch = self.chosen[soft]
        specs = [s for s, _ in ch.specs if s] + ([need.spec_text] if need.spec_text else [])
        specs += list(self.pins.get(soft, ()))
        versions = self._versions_of(soft)
        if any(_spec_ok(v, specs) for v in versions) and need.spec_text:
            raise _Restart(soft, need.spec_text)
        first_spec, first_chain = ch.specs[0]
        have = ", ".join(sorted(set(versions), key=Version, reverse=True)) or "none"
        raise ConflictError(
            f"conflict on {soft}: {' -> '.join(first_chain)} chose {soft}@{ch.version}"
            f"{f' ({first_spec})' if first_spec else ''}, but {' -> '.join(need.chain)} "
            f"needs {need.label()}; no version of {soft} satisfies both (there are {have})",
            need.chain, "relax one of the version bounds")

    def _versions_of(self, soft: str) -> list[str]:
        out = [e.version for e in self.entries if e.soft == soft]
        out += [f.version for f in self._found(_Need(soft, (), None, {}, ()))]
        recipe = self.recipes.get(soft)
        if recipe is not None:
            out += list(recipe.version_names)
        return out

    def _fresh(self, need: _Need) -> str:
        if not need.fresh:
            # 2. an existing entry
            entries = [e for e in self.entries
                       if self._matches(need, e.soft, e.version, e.tags, _variants_of(e))]
            if entries:
                best = max(entries, key=lambda e: (Version(e.version), e.uid))
                return self._leaf(need, "reuse", best.soft, best.version, best.tags,
                                  f"reuse:{best.uid}", uid=best.uid,
                                  variants=_variants_of(best))
            # 3. a detection
            found = [f for f in self._found(need)
                     if self._matches(need, f.soft, f.version, f.tags, _variants_of(f))]
            if found:
                best_f = max(found, key=lambda f: (Version(f.version), _found_path(f)))
                return self._leaf(need, "detect", best_f.soft, best_f.version, best_f.tags,
                                  f"detect:{best_f.soft}@{best_f.version}", found=best_f,
                                  variants=_variants_of(best_f))
        # 4. an install
        recipe = self._recipe_for(need)
        if recipe.name in self.chosen:
            self._conflict_or_restart(recipe.name, need)
        version = self._pick_version(recipe, need)
        asked = {**(self._tag_variants(recipe, version, need) or {}), **need.variants}
        try:
            build = recipe.select(version, asked, self.platform)
        except RecipeError as exc:
            raise ResolveError(exc.reason, need.chain) from None
        key = f"{recipe.name}@{version}"
        self.chosen[recipe.name] = _Chosen(
            key, recipe.name, version, _tagset(recipe.name, version, recipe.tags),
            build.variants, [(need.spec_text, need.chain)])
        self.in_progress.append(key)
        deps: list[str] = []
        run: set[str] = set()
        for dep in build.dependencies:
            sub = _Need(None, dep.tags, dep.version, dep.variants, (*need.chain, key))
            dkey = self.need(sub)
            if dkey not in deps:
                deps.append(dkey)
            if dep.kind != "build":
                run.add(dkey)
        self.in_progress.pop()
        frontend = need.frontend or build.frontend
        digest = self._hash(build, frontend, deps)
        folder = f"{recipe.name}-{version}-{digest}"
        target = str(PurePath(self.home, "install", folder)) if self.home is not None \
            else f"install/{folder}"
        self.steps[key] = Step(
            key=key, action="install", soft=recipe.name, version=version,
            tags=tuple(recipe.tags), deps=tuple(deps), chain=need.chain,
            build_deps=tuple(k for k in deps if k not in run),
            variants=build.variants, build=build, frontend=frontend, hash=digest,
            target=target,
        )
        return key

    def _leaf(self, need: _Need, action: Action, soft: str, version: str,
              tags: Sequence[str], key: str, *, uid: str | None = None, found: Any = None,
              variants: Mapping[str, str] | None = None) -> str:
        if soft in self.chosen:
            self._conflict_or_restart(soft, need)
        self.chosen[soft] = _Chosen(key, soft, version, _tagset(soft, version, tags),
                                    variants or {}, [(need.spec_text, need.chain)])
        self.steps[key] = Step(
            key=key, action=action, soft=soft, version=version, tags=tuple(tags),
            chain=need.chain, variants=MappingProxyType(dict(variants or {})), uid=uid,
            found=found,
        )
        return key

    def _identity(self, key: str) -> str:
        step = self.steps[key]
        if step.action == "reuse":
            return f"uid:{step.uid}"
        if step.action == "detect":
            # a detection records the entry of this uid: the same identity as reusing it,
            # so a second install after the first recorded its dependency is a no-op
            uid = getattr(step.found, "uid", None)
            if isinstance(uid, str) and uid:
                return f"uid:{uid}"
            return f"found:{step.soft}@{step.version}:{_found_path(step.found)}"
        return f"install:{step.hash}"

    def _hash(self, build: Build, frontend: str, deps: Sequence[str]) -> str:
        doc = {
            "name": build.name, "version": build.version,
            "variants": dict(sorted(build.variants.items())), "frontend": frontend,
            "settings": _thaw(build.settings),
            "sources": [[s.url, s.checksum and list(s.checksum), s.filename, s.destination,
                         s.strip_components, s.extract] for s in build.sources],
            "deps": sorted(self._identity(d) for d in deps),
        }
        text = json.dumps(doc, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def resolve(
    requests: Sequence[Request],
    recipes: Mapping[str, Recipe] | Iterable[Recipe],
    entries: Sequence[EntryLike] = (),
    detect: Detections | None = None,
    *,
    platform: Mapping[str, str] | None = None,
    home: str | PurePath | None = None,
    max_restarts: int = 64,
) -> Plan:
    """Plan how to satisfy ``requests``.

    :param requests: what was asked for, by name or tags, with version specs and variants.
    :param recipes: recipes by name (a RecipeSet's ``recipes``), or an iterable of them.
    :param entries: existing entries (anything with uid, soft, version, tags; an
        ``attrs["variants"]`` mapping, where present, is matched against asked variants).
    :param detect: what detection could find: a callable taking a :class:`Query`, or a
        mapping soft name → found objects (soft, version, tags; optional path/prefix).
    :param platform: ``os`` and ``arch`` for recipes' conditions.
    :param home: the envmgr home, to make install targets absolute (no I/O is done).
    :returns: a :class:`Plan` whose steps are in dependency order.
    :raises UnknownRecipeError: nothing is called so (with "did you mean").
    :raises NoVersionError: no version satisfies the spec (the versions there are listed).
    :raises ConflictError: two chains need versions of one soft no version satisfies.
    :raises CycleError: recipes depend on each other in a loop.
    """
    by_name: Mapping[str, Recipe] = (
        recipes if isinstance(recipes, Mapping) else {r.name: r for r in recipes}
    )
    pins: dict[str, list[str]] = {}
    for _ in range(max_restarts):
        res = _Resolver(by_name, entries, detect, platform or {}, home, pins)
        try:
            roots: list[str] = []
            for req in requests:
                if not req.name and not req.tags:
                    raise ResolveError("a request needs a name or tags")
                label = req.describe()
                need = _Need(req.name, tuple(req.tags), req.version or None,
                             MappingProxyType(dict(req.variants)), (label,),
                             req.frontend, req.fresh)
                key = res.need(need)
                if key not in roots:
                    roots.append(key)
            return Plan(MappingProxyType(dict(res.steps)), tuple(roots))
        except _Restart as again:
            if again.spec in pins.get(again.soft, []):  # no progress: give up rather than loop
                raise ConflictError(f"cannot settle a version of {again.soft}") from None
            pins.setdefault(again.soft, []).append(again.spec)
    raise ConflictError(f"gave up after {max_restarts} tries to settle versions",
                        suggestion="pin versions of the dependencies explicitly")
