"""Recipes: TOML files that say how to install one soft, validated and parsed into dataclasses.

The recipe format (``schema_version = 1``)
==========================================

A recipe is one TOML file, conventionally ``recipes/<category>/<name>.toml``; the file's
stem must equal its ``name``. It is checked against the JSON Schema shipped next to this
module (``envmgr/install/recipe.schema.json``), then by the semantic checks listed under
*Validation*. Unknown keys are errors everywhere except inside ``frontend.settings``.

Top-level keys::

    schema_version = 1                      # required; the only version so far
    name = "zlib"                           # required; [a-z0-9][a-z0-9._+-]*; the soft's name
    summary = "Compression library"         # required; one line, at most 200 characters
    description = "..."                     # optional, free text
    category = "libs"                       # optional; same alphabet as name
    tags = ["zlib", "compression", "lib"]   # optional; what dependencies and --tags match
    license = "Zlib"                        # optional; an SPDX expression
    homepage = "https://zlib.net"           # optional; http(s)/ftp/file URL
    maintainers = ["someone"]               # optional

    [context]                               # optional variables, strings only
    major = "1"

The soft a recipe installs is the soft of the same name, so what it installs is found
again by ``detect`` and a soft already on disk is detected instead of downloaded.

Interpolation: ``${{ ident }}`` in URLs, mirrors, filenames, destinations, front-end
settings (string values, at any depth), ``provides`` and ``tests`` is replaced by the value
of ``ident``: ``name``, ``version``, a ``context`` variable, a variant's chosen value, or the
platform keys ``os`` and ``arch``. ``${{ prefix }}`` (the install prefix) is kept as is
for the front-end to fill at install time. There are no expressions and no filters (this is
not Jinja): an unknown identifier is a validation error.

Variants::

    [variants.cuda]
    values = ["none", "12"]                 # required, non-empty, unique
    default = "none"                        # required, one of values
    description = "GPU build"               # optional

Versions and sources (``versions`` is a non-empty array; each version appears once)::

    [[versions]]
    version = "1.3.1"                       # must contain a digit; no spaces, commas or @
    deprecated = false                      # optional; deprecated versions are chosen last
    [[versions.sources]]
    url = "https://zlib.net/zlib-${{ version }}.tar.gz"
    mirrors = ["https://github.com/madler/zlib/releases/download/v1.3.1/zlib-1.3.1.tar.gz"]
    sha256 = "9a93b2b7dfdac77ceba5a558a580e74667dd6fede4585b91eefb60f03b72df23"
    size = 1512791                          # optional, bytes
    unpacked_size = 5234176                 # optional; the sum of its files' sizes
    filename = "zlib-1.3.1.tar.gz"          # optional; default: the URL path's last part
    extract = true                          # optional; default: true for known archives
    strip_components = 1                    # optional; leading path parts dropped on extract
    destination = "src"                     # optional; relative dir inside staging

A source is one file. ``mirrors`` are other URLs of the same bytes. Each source carries
exactly one way to check it: ``sha256`` (preferred), else ``md5`` (only where upstream
publishes nothing better), else ``checksum = "none-published"`` together with a ``reason``
(such a file is refused unless the user passes ``--no-checksum``; the sha256 seen is then
recorded). One checksum per URL: two recipes (or two versions) that give one URL different
checksums are reported by :func:`load_recipes`.

Selection by variant or platform, in the style of conda-forge's v1 recipes: an item of
``sources``, ``dependencies`` or ``tests.commands`` may be a conditional table instead of a
plain item::

    [[versions.sources]]
    if = { os = "linux", arch = ["x86_64", "aarch64"] }
    then = [{ url = "https://example.org/tool-linux.tar.gz", sha256 = "..." }]
    else = [{ url = "https://example.org/tool-other.tar.gz", sha256 = "..." }]

``if`` is a table: every key must hold, and a key holds when the variant's (or platform
key's) value equals the string, or is one of the list. Keys are declared variants or
``os``/``arch``; values given for a variant must be among its ``values``. ``then`` and
``else`` (optional) are lists of items, and may nest further conditionals.

Dependencies::

    [[dependencies]]
    tags = ["python"]                       # required; matched against softs' tags and names
    version = ">=3.9,<3.13"                 # optional; an envmgr.versions.VersionSpec
    variants = { cuda = "12" }              # optional; variants asked of the dependency
    kind = "run"                            # optional: "build" or "run" (default "run")

Front-end::

    [frontend]
    name = "download"                       # download, pip, spack, easybuild or a plugin's
    settings = { bin = "bin" }              # optional; free-form, for the front-end
    [[frontend.select]]                     # optional; merged over settings, in order
    if = { cuda = "12" }
    then = { extra_index = "cu12" }
    else = { extra_index = "cpu" }

What the result provides, relative to the install prefix (no absolute paths, no ``..``)::

    [provides]
    bin = ["bin"]
    lib = ["lib"]
    include = ["include"]
    files = { header = "include/zlib.h" }   # named files
    env = { ZLIB_ROOT = "${{ prefix }}" }   # environment variables set in shells

Smoke test, run after install and before the entry is recorded::

    [tests]
    commands = ["bin/tool --version", ["bin/tool", "-h"]]   # a string is split like a shell
                                                            # would (shlex), never run by one
    files = ["include/zlib.h"]              # must exist under the prefix
    timeout = 60                            # seconds per command (default 60)

Validation
----------

Errors are :class:`~envmgr.install.errors.RecipeError` naming the file, the key path (for
example ``versions[0].sources[1].sha256``) and the reason. Beyond the schema: the file stem
equals ``name``; each version appears once; each source has one checksum as above; a
variant's ``default`` is among its ``values``; conditions name only declared variants (or
``os``/``arch``) and only their declared values; interpolations name only known identifiers;
dependency version specs parse.

Loading
-------

:func:`load_recipes` takes folders in precedence order (builtin ``recipes/``, then plugin
folders, then user folders) and reads every ``*.toml`` below each; a later folder's recipe
wins by name. An invalid file becomes a problem in the result and never stops the others.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Generic, TypeVar
from urllib.parse import unquote, urlsplit

from envmgr.install.errors import RecipeError
from envmgr.versions import VersionSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    import tomli as tomllib

__all__ = [
    "SCHEMA_PATH",
    "condition_values",
    "interpolation_values",
    "PLATFORM_KEYS",
    "Source",
    "Select",
    "Variant",
    "RecipeVersion",
    "Dependency",
    "Frontend",
    "Provides",
    "Tests",
    "Recipe",
    "Build",
    "RecipeSet",
    "schema",
    "validate",
    "parse_recipe",
    "load_recipe",
    "load_recipes",
    "checksum_conflicts",
    "interpolate",
    "use_validator_cache",
]

SCHEMA_PATH = Path(__file__).with_name("recipe.schema.json")
#: keys a condition may test besides the recipe's own variants
PLATFORM_KEYS = frozenset({"os", "arch"})
_BUILTIN_IDENTS = frozenset({"name", "version", "prefix"}) | PLATFORM_KEYS
_PLACEHOLDER = re.compile(r"\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*\}\}")
#: variant names that would hide what a condition or ``${{ }}`` means
_RESERVED_VARIANTS = frozenset({"name", "prefix"}) | PLATFORM_KEYS
_ARCHIVE_SUFFIXES = (
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz",
    ".tar.zst", ".tzst", ".zip", ".whl",
)

T = TypeVar("T")


# ---------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class Source:
    """One file to fetch: its URL, other URLs of the same bytes, and one checksum."""

    url: str
    mirrors: tuple[str, ...] = ()
    sha256: str | None = None
    md5: str | None = None
    #: set when the recipe says ``checksum = "none-published"``: why there is none
    unchecked_reason: str | None = None
    size: int | None = None
    #: the sum of the sizes of the archive's files: what extracting it may write at most
    unpacked_size: int | None = None
    filename: str = ""
    extract: bool = False
    strip_components: int = 0
    destination: str = ""

    @property
    def urls(self) -> tuple[str, ...]:
        """The upstream URL, then the recipe's mirrors of it."""
        return (self.url, *self.mirrors)

    @property
    def checksum(self) -> tuple[str, str] | None:
        """The best checksum as (algorithm, hex digest), or None when none is published."""
        if self.sha256:
            return ("sha256", self.sha256)
        if self.md5:
            return ("md5", self.md5)
        return None


@dataclass(frozen=True)
class Select(Generic[T]):
    """A conditional list item: ``then`` when every key of ``condition`` holds, else ``orelse``."""

    condition: Mapping[str, tuple[str, ...]]
    then: tuple[T | Select[T], ...]
    orelse: tuple[T | Select[T], ...] = ()

    def holds(self, values: Mapping[str, str]) -> bool:
        """Whether the condition holds for these variant and platform values."""
        return all(values.get(key) in allowed for key, allowed in self.condition.items())


@dataclass(frozen=True)
class Variant:
    """A build option: its allowed values and the default."""

    name: str
    values: tuple[str, ...]
    default: str
    description: str = ""


@dataclass(frozen=True)
class RecipeVersion:
    """One version of a recipe and its sources (possibly conditional)."""

    version: str
    sources: tuple[Source | Select[Source], ...]
    deprecated: bool = False


@dataclass(frozen=True)
class Dependency:
    """A dependency by tags, with an optional version spec and variants."""

    tags: tuple[str, ...]
    version: str | None = None
    variants: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    kind: str = "run"

    @property
    def spec(self) -> VersionSpec | None:
        """The version spec, or None when any version does."""
        return VersionSpec(self.version) if self.version and self.version.strip() else None


@dataclass(frozen=True)
class Frontend:
    """Which front-end installs the recipe, and its settings (read-only mappings)."""

    name: str
    settings: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    select: tuple[Select[Mapping[str, Any]], ...] = ()


@dataclass(frozen=True)
class Provides:
    """What an install provides, relative to its prefix."""

    bin: tuple[str, ...] = ()
    lib: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    files: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    env: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Tests:
    """The smoke test: commands (argv tuples, or conditionals) and files that must exist."""

    commands: tuple[tuple[str, ...] | Select[tuple[str, ...]], ...] = ()
    files: tuple[str, ...] = ()
    timeout: float = 60.0


@dataclass(frozen=True)
class Build:
    """A recipe made concrete for one version, variants and platform: nothing conditional."""

    recipe: Recipe
    version: str
    variants: Mapping[str, str]
    frontend: str
    settings: Mapping[str, Any]
    sources: tuple[Source, ...]
    dependencies: tuple[Dependency, ...]
    provides: Provides
    test_commands: tuple[tuple[str, ...], ...]
    test_files: tuple[str, ...]
    test_timeout: float

    @property
    def name(self) -> str:
        """The recipe's (and soft's) name."""
        return self.recipe.name


@dataclass(frozen=True)
class Recipe:
    """A validated recipe. Build a concrete :class:`Build` with :meth:`select`."""

    name: str
    summary: str
    frontend: Frontend
    versions: tuple[RecipeVersion, ...]
    path: Path | None = None
    schema_version: int = 1
    description: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()
    license: str = ""
    homepage: str = ""
    maintainers: tuple[str, ...] = ()
    context: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    variants: Mapping[str, Variant] = field(default_factory=lambda: MappingProxyType({}))
    dependencies: tuple[Dependency | Select[Dependency], ...] = ()
    provides: Provides = field(default_factory=Provides)
    tests: Tests = field(default_factory=Tests)

    @property
    def version_names(self) -> tuple[str, ...]:
        """The versions in file order."""
        return tuple(v.version for v in self.versions)

    def get_version(self, version: str) -> RecipeVersion | None:
        """The version entry with this exact text, or None."""
        for v in self.versions:
            if v.version == version:
                return v
        return None

    def default_variants(self) -> dict[str, str]:
        """Every variant at its default."""
        return {name: v.default for name, v in self.variants.items()}

    def check_variants(self, variants: Mapping[str, str]) -> None:
        """Raise RecipeError when a variant is not declared or a value not allowed."""
        for key, value in variants.items():
            var = self.variants.get(key)
            if var is None:
                known = ", ".join(sorted(self.variants)) or "none"
                raise RecipeError(self.path, f"variants.{key}",
                                  f"'{key}' is not a variant of {self.name} (variants: {known})")
            if value not in var.values:
                raise RecipeError(self.path, f"variants.{key}",
                                  f"'{value}' is not a value of variant {key} "
                                  f"(values: {', '.join(var.values)})")

    def select(
        self,
        version: str,
        variants: Mapping[str, str] | None = None,
        platform: Mapping[str, str] | None = None,
    ) -> Build:
        """The concrete build of ``version`` with ``variants`` (others at default) on
        ``platform`` (keys ``os``, ``arch``): conditionals chosen, ``${{ }}`` filled in
        (except ``prefix``)."""
        entry = self.get_version(version)
        if entry is None:
            raise RecipeError(self.path, "versions",
                              f"{self.name} has no version {version} "
                              f"(versions: {', '.join(self.version_names)})")
        chosen = self.default_variants()
        if variants:
            self.check_variants(variants)
            chosen.update(variants)
        values = interpolation_values(self, version, chosen, platform or {})
        cond = condition_values(chosen, platform or {})

        def fill(text: str) -> str:
            return interpolate(text, values)

        sources = tuple(_fill_source(s, fill) for s in _flatten(entry.sources, cond))
        for src in sources:
            for url in src.urls:
                if not re.match(r"^(https?|ftp|file)://\S+$", url):
                    raise RecipeError(self.path, "versions",
                                      f"URL {url!r} of {self.name} {version} is not an "
                                      "http(s), ftp or file URL once filled in")
        deps = tuple(_flatten(self.dependencies, cond))
        settings: dict[str, Any] = _thaw(self.frontend.settings)
        for sel in self.frontend.select:
            branch = sel.then if sel.holds(cond) else sel.orelse
            for part in branch:
                if isinstance(part, Mapping):
                    settings.update(_thaw(part))
        prov = self.provides
        return Build(
            recipe=self,
            version=version,
            variants=MappingProxyType(dict(chosen)),
            frontend=self.frontend.name,
            settings=_freeze(_map_strings(settings, fill)),
            sources=sources,
            dependencies=deps,
            provides=Provides(
                bin=tuple(fill(p) for p in prov.bin),
                lib=tuple(fill(p) for p in prov.lib),
                include=tuple(fill(p) for p in prov.include),
                files=MappingProxyType({k: fill(v) for k, v in prov.files.items()}),
                env=MappingProxyType({k: fill(v) for k, v in prov.env.items()}),
            ),
            test_commands=tuple(
                tuple(fill(a) for a in cmd) for cmd in _flatten(self.tests.commands, cond)
            ),
            test_files=tuple(fill(p) for p in self.tests.files),
            test_timeout=self.tests.timeout,
        )


@dataclass(frozen=True)
class RecipeSet:
    """Recipes by name after precedence, and the problems found while loading."""

    recipes: Mapping[str, Recipe]
    problems: tuple[RecipeError, ...] = ()
    #: recipes hidden by a later folder's recipe of the same name
    shadowed: tuple[Recipe, ...] = ()

    def get(self, name: str) -> Recipe | None:
        """The recipe of this name, or None."""
        return self.recipes.get(name)

    def __iter__(self) -> Iterator[Recipe]:
        return iter(self.recipes.values())

    def __len__(self) -> int:
        return len(self.recipes)


# ---------------------------------------------------------------- interpolation


def interpolate(text: str, values: Mapping[str, str], keep: Iterable[str] = ("prefix",)) -> str:
    """Replace ``${{ ident }}`` by ``values[ident]``; names in ``keep`` (and unknown ones,
    which validation has ruled out) stay as written."""
    kept = set(keep)

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key in kept or key not in values:
            return m.group(0)
        return values[key]

    return _PLACEHOLDER.sub(sub, text)


def condition_values(variants: Mapping[str, str], platform: Mapping[str, str]) -> dict[str, str]:
    """What an ``if`` table tests: the platform keys and the variants (a variant named
    ``version`` is the variant here, not the recipe's version)."""
    values: dict[str, str] = {k: v for k, v in platform.items() if k in PLATFORM_KEYS}
    values.update(variants)
    return values


def interpolation_values(
    recipe: Recipe, version: str, variants: Mapping[str, str], platform: Mapping[str, str]
) -> dict[str, str]:
    """What ``${{ ident }}`` reads: ``name`` and ``version`` are the recipe's own; each
    variant is ``${{ NAME }}`` (unless a builtin has that name) and ``${{ variant.NAME }}``;
    then the context."""
    values = condition_values(variants, platform)
    values.update({f"variant.{k}": v for k, v in variants.items()})
    values["name"] = recipe.name
    values["version"] = version
    # context values may use name, version, variants and platform, not each other
    base = dict(values)
    for key, raw in recipe.context.items():
        values[key] = interpolate(raw, base)
    return values


def _fill_source(src: Source, fill: Callable[[str], str]) -> Source:
    return Source(
        url=fill(src.url),
        mirrors=tuple(fill(m) for m in src.mirrors),
        sha256=src.sha256,
        md5=src.md5,
        unchecked_reason=src.unchecked_reason,
        size=src.size,
        unpacked_size=src.unpacked_size,
        filename=fill(src.filename),
        extract=src.extract,
        strip_components=src.strip_components,
        destination=fill(src.destination),
    )


def _flatten(items: Sequence[T | Select[T]], values: Mapping[str, str]) -> Iterator[T]:
    for item in items:
        if isinstance(item, Select):
            yield from _flatten(item.then if item.holds(values) else item.orelse, values)
        else:
            yield item


def _map_strings(obj: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(obj, str):
        return fn(obj)
    if isinstance(obj, Mapping):
        return {k: _map_strings(v, fn) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_map_strings(v, fn) for v in obj]
    return obj


def _freeze(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in obj.items()})
    if isinstance(obj, (list, tuple)):
        return tuple(_freeze(v) for v in obj)
    return obj


def _thaw(obj: Any) -> Any:
    """Plain dicts and lists again, e.g. for JSON."""
    if isinstance(obj, Mapping):
        return {k: _thaw(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_thaw(v) for v in obj]
    return obj


# ---------------------------------------------------------------- validation


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The recipe JSON Schema shipped with envmgr."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


_validator_cache: list[Path] = []


def use_validator_cache(folder: str | Path) -> None:
    """Keep the compiled schema validator in ``folder`` (the home's cache): compiling it
    costs about 0.2 s, loading it back under a millisecond."""
    _validator_cache[:] = [Path(folder)]


def _cached_validator() -> Callable[[Any], Any] | None:
    import hashlib
    import marshal

    import fastjsonschema

    if not _validator_cache:
        return None
    key = hashlib.sha256(json.dumps(schema(), sort_keys=True).encode()
                         + fastjsonschema.VERSION.encode() + sys.version.encode()
                         ).hexdigest()[:16]
    path = _validator_cache[0] / f"recipe-validator-{key}.marshal"
    try:
        entry, code = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        source = fastjsonschema.compile_to_code(schema())
        # the first function generated validates the whole document
        entry = re.search(r"^def (\w+)", source, re.MULTILINE).group(1)  # type: ignore[union-attr]
        code = compile(source, "<recipe schema>", "exec")
        from envmgr._atomic import save_cache

        save_cache(path, marshal.dumps((entry, code)))  # a read-only home: skipped
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # noqa: S102 - our own schema, compiled by fastjsonschema
    fn: Callable[[Any], Any] = namespace[entry]
    return fn


@lru_cache(maxsize=1)
def _validator() -> Callable[[Any], Any]:
    # imported and compiled on first use only, never at CLI start-up
    import fastjsonschema

    cached = _cached_validator()
    if cached is not None:
        return cached
    fn: Callable[[Any], Any] = fastjsonschema.compile(schema())
    return fn


def _key_path(parts: Sequence[Any]) -> str:
    out = ""
    for p in parts:
        text = str(p)
        if text.isdigit():
            out += f"[{text}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
            out += f".{text}" if out else text
        else:
            out += f"[{json.dumps(text)}]"
    return out


def validate(data: Mapping[str, Any], file: str | Path | None = None) -> None:
    """Check ``data`` against the schema; raise RecipeError with the key path and reason."""
    import fastjsonschema

    try:
        _validator()(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        parts = list(exc.path or [])
        if parts and parts[0] == "data":
            parts = parts[1:]
        key = _key_path(parts)
        reason = exc.message
        # fastjsonschema writes "data.a.b must ..."; the key is reported separately
        m = re.match(r"^data[^\s]*\s+(.*)$", reason)
        if m:
            reason = m.group(1)
        if exc.rule == "additionalProperties" and isinstance(exc.value, Mapping):
            allowed = exc.definition.get("properties", {}) if exc.definition else {}
            extra = sorted(k for k in exc.value if k not in allowed)
            if extra:
                reason = f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(extra)}"
                if allowed:
                    reason += f" (allowed: {', '.join(sorted(allowed))})"
        raise RecipeError(file, key or "(top level)", reason) from None


def _walk_strings(obj: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, Mapping):
        for k, v in obj.items():
            if k in ("sha256", "md5") or (k == "if" and isinstance(v, Mapping)):
                continue
            yield from _walk_strings(v, _key_path([*_split(path), k]))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _walk_strings(v, _key_path([*_split(path), str(i)]))


def _split(path: str) -> list[str]:
    return [p for p in re.split(r"\.|\[|\]", path) if p] if path else []


def _check_placeholder_syntax(data: Mapping[str, Any], file: str | Path | None) -> None:
    # before the schema, so "${{ a|b }}" gets this reason rather than a URL pattern's
    for where, text in _walk_strings(data, ""):
        if "${{" in _PLACEHOLDER.sub("", text):
            raise RecipeError(file, where,
                              "'${{' must be followed by a name and '}}', like ${{ version }} "
                              "(no expressions)")


def _semantic_checks(data: Mapping[str, Any], file: str | Path | None) -> None:
    variants: Mapping[str, Any] = data.get("variants", {})
    for name, var in variants.items():
        if var["default"] not in var["values"]:
            raise RecipeError(file, f"variants.{name}.default",
                              f"'{var['default']}' is not among values "
                              f"({', '.join(var['values'])})")
    for name in variants:
        if name in _RESERVED_VARIANTS:
            raise RecipeError(file, f"variants.{name}",
                              f"a variant may not be called '{name}': that name is envmgr's "
                              f"own in conditions and ${{{{ }}}} (reserved: "
                              f"{', '.join(sorted(_RESERVED_VARIANTS))})")
    idents = (set(_BUILTIN_IDENTS) | set(data.get("context", {})) | set(variants)
              | {f"variant.{name}" for name in variants})
    for key in ("name", "summary", "schema_version", "versions", "frontend", "provides", "tests",
                "dependencies", "context"):
        if key not in data:
            continue
        node = data[key]
        for where, text in _walk_strings(node, key):
            for m in _PLACEHOLDER.finditer(text):
                if m.group(1) not in idents:
                    raise RecipeError(file, where,
                                      f"unknown name '{m.group(1)}' in {m.group(0)} "
                                      f"(known: {', '.join(sorted(idents))})")
    for name, val in data.get("context", {}).items():
        if any(m.group(1) in data.get("context", {}) for m in _PLACEHOLDER.finditer(val)):
            raise RecipeError(file, f"context.{name}",
                              "a context value may not use another context value")
    seen: dict[str, int] = {}
    for i, ver in enumerate(data["versions"]):
        if ver["version"] in seen:
            raise RecipeError(file, f"versions[{i}].version",
                              f"version {ver['version']} is given twice "
                              f"(also versions[{seen[ver['version']]}])")
        seen[ver["version"]] = i
        _check_items(ver["sources"], f"versions[{i}].sources", variants, file, _check_source)
    _check_items(data.get("dependencies", []), "dependencies", variants, file, _check_dep)
    _check_items(data.get("tests", {}).get("commands", []), "tests.commands", variants, file,
                 lambda *_: None)
    for i, sel in enumerate(data.get("frontend", {}).get("select", [])):
        _check_condition(sel["if"], f"frontend.select[{i}].if", variants, file)


def _check_provided_values(provides: Any, file: str | Path | None) -> None:
    """What ``provides`` puts into an environment (variables, dirs, files) reaches shells,
    module files and container definitions: a control character there could end a line
    and start a command in one of them, so none is accepted (checked before the schema,
    whose path patterns would refuse it with a less telling reason)."""
    from envmgr.activate.envops import control_char

    for where, text in _walk_strings(provides, "provides"):
        what = control_char(text)
        if what:
            raise RecipeError(file, where, f"{what} is not allowed in a value that goes into "
                              "an environment (shells and module files would read it as "
                              "code)")


def _check_items(
    items: Sequence[Any],
    path: str,
    variants: Mapping[str, Any],
    file: str | Path | None,
    check: Callable[[Mapping[str, Any], str, str | Path | None], None],
) -> None:
    for i, item in enumerate(items):
        where = f"{path}[{i}]"
        if isinstance(item, Mapping) and "if" in item:
            _check_condition(item["if"], f"{where}.if", variants, file)
            _check_items(item["then"], f"{where}.then", variants, file, check)
            _check_items(item.get("else", []), f"{where}.else", variants, file, check)
        elif isinstance(item, Mapping):
            check(item, where, file)


def _check_condition(
    cond: Mapping[str, Any], where: str, variants: Mapping[str, Any], file: str | Path | None
) -> None:
    for key, want in cond.items():
        if key in PLATFORM_KEYS:
            continue
        if key not in variants:
            known = ", ".join(sorted(set(variants) | PLATFORM_KEYS))
            raise RecipeError(file, f"{where}.{key}",
                              f"'{key}' is neither a variant nor a platform key (known: {known})")
        for value in [want] if isinstance(want, str) else want:
            if value not in variants[key]["values"]:
                raise RecipeError(file, f"{where}.{key}",
                                  f"'{value}' is not a value of variant {key} "
                                  f"(values: {', '.join(variants[key]['values'])})")


def _check_source(src: Mapping[str, Any], where: str, file: str | Path | None) -> None:
    kinds = [k for k in ("sha256", "md5", "checksum") if k in src]
    if not kinds:
        raise RecipeError(file, where,
                          f"source {src['url']} has no checksum: give sha256 (or md5 where "
                          "upstream publishes nothing better, or checksum = \"none-published\" "
                          "with a reason)")
    if len(kinds) > 1:
        raise RecipeError(file, f"{where}.{kinds[1]}",
                          f"give one checksum per source, not {' and '.join(kinds)}")
    if "checksum" in src and "reason" not in src:
        raise RecipeError(file, f"{where}.reason",
                          'checksum = "none-published" needs a reason saying why')
    if "reason" in src and "checksum" not in src:
        raise RecipeError(file, f"{where}.reason",
                          'reason belongs with checksum = "none-published" only')


def _check_dep(dep: Mapping[str, Any], where: str, file: str | Path | None) -> None:
    if dep.get("version"):
        try:
            VersionSpec(dep["version"])
        except Exception as exc:  # UsageError from envmgr.versions
            raise RecipeError(file, f"{where}.version", str(exc)) from None


# ---------------------------------------------------------------- parsing


def _condition(raw: Mapping[str, Any]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType(
        {k: (v,) if isinstance(v, str) else tuple(v) for k, v in raw.items()}
    )


def _items(
    raw: Sequence[Any], make: Callable[[Any], T]
) -> tuple[T | Select[T], ...]:
    out: list[T | Select[T]] = []
    for item in raw:
        if isinstance(item, Mapping) and "if" in item:
            out.append(Select(_condition(item["if"]), _items(item["then"], make),
                              _items(item.get("else", []), make)))
        else:
            out.append(make(item))
    return tuple(out)


def _filename(url: str) -> str:
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    return name or "download"


def _source(raw: Mapping[str, Any]) -> Source:
    filename = raw.get("filename") or _filename(raw["url"])
    extract = raw.get("extract")
    if extract is None:
        extract = filename.lower().endswith(_ARCHIVE_SUFFIXES) and not filename.endswith(".whl")
    return Source(
        url=raw["url"],
        mirrors=tuple(raw.get("mirrors", ())),
        sha256=raw.get("sha256"),
        md5=raw.get("md5"),
        unchecked_reason=raw.get("reason") if raw.get("checksum") else None,
        size=raw.get("size"),
        unpacked_size=raw.get("unpacked_size"),
        filename=filename,
        extract=bool(extract),
        strip_components=int(raw.get("strip_components", 0)),
        destination=raw.get("destination", ""),
    )


def _dependency(raw: Mapping[str, Any]) -> Dependency:
    return Dependency(
        tags=tuple(raw["tags"]),
        version=raw.get("version") or None,
        variants=MappingProxyType(dict(raw.get("variants", {}))),
        kind=raw.get("kind", "run"),
    )


def _command(raw: str | Sequence[str]) -> tuple[str, ...]:
    return tuple(shlex.split(raw)) if isinstance(raw, str) else tuple(raw)


def parse_recipe(data: Mapping[str, Any], path: str | Path | None = None) -> Recipe:
    """Validate ``data`` (a TOML document as a dict) and build the :class:`Recipe`."""
    _check_placeholder_syntax(data, path)
    _check_provided_values(data.get("provides", {}), path)
    validate(data, path)
    _semantic_checks(data, path)
    if path is not None and Path(path).suffix == ".toml" and Path(path).stem != data["name"]:
        raise RecipeError(path, "name",
                          f"name '{data['name']}' differs from the file name "
                          f"'{Path(path).name}'; call the file {data['name']}.toml")
    fe = data["frontend"]
    prov = data.get("provides", {})
    tests = data.get("tests", {})
    return Recipe(
        name=data["name"],
        summary=data["summary"],
        path=Path(path) if path is not None else None,
        schema_version=data["schema_version"],
        description=data.get("description", ""),
        category=data.get("category", ""),
        tags=tuple(data.get("tags", ())),
        license=data.get("license", ""),
        homepage=data.get("homepage", ""),
        maintainers=tuple(data.get("maintainers", ())),
        context=MappingProxyType(dict(data.get("context", {}))),
        variants=MappingProxyType({
            name: Variant(name, tuple(v["values"]), v["default"], v.get("description", ""))
            for name, v in data.get("variants", {}).items()
        }),
        versions=tuple(
            RecipeVersion(v["version"], _items(v["sources"], _source),
                          bool(v.get("deprecated", False)))
            for v in data["versions"]
        ),
        dependencies=_items(data.get("dependencies", []), _dependency),
        frontend=Frontend(
            name=fe["name"],
            settings=_freeze(fe.get("settings", {})),
            select=tuple(
                Select(_condition(s["if"]), (_freeze(s["then"]),),
                       (_freeze(s["else"]),) if "else" in s else ())
                for s in fe.get("select", [])
            ),
        ),
        provides=Provides(
            bin=tuple(prov.get("bin", ())),
            lib=tuple(prov.get("lib", ())),
            include=tuple(prov.get("include", ())),
            files=MappingProxyType(dict(prov.get("files", {}))),
            env=MappingProxyType(dict(prov.get("env", {}))),
        ),
        tests=Tests(
            commands=_items(tests.get("commands", []), _command),
            files=tuple(tests.get("files", ())),
            timeout=float(tests.get("timeout", 60.0)),
        ),
    )


def load_recipe(path: str | Path) -> Recipe:
    """Read, validate and parse one recipe file; RecipeError names the file on any fault."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise RecipeError(p, "", f"cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RecipeError(p, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RecipeError(p, "", f"not valid TOML: {exc}") from None
    return parse_recipe(data, p)


def _recipe_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.rglob("*.toml") if p.is_file())
    except OSError:
        return []


def load_recipes(dirs: Sequence[str | Path]) -> RecipeSet:
    """Load every ``*.toml`` under each folder, in precedence order (later wins by name).

    Invalid files, two files of one name in one folder, and URLs given two different
    checksums become ``problems``; the valid recipes are loaded regardless.
    """
    recipes: dict[str, Recipe] = {}
    shadowed: list[Recipe] = []
    problems: list[RecipeError] = []
    every: list[Recipe] = []
    for folder in dirs:
        here: dict[str, Recipe] = {}
        for path in _recipe_files(Path(folder)):
            try:
                recipe = load_recipe(path)
            except RecipeError as exc:
                problems.append(exc)
                continue
            if recipe.name in here:
                problems.append(RecipeError(path, "name",
                                            f"recipe {recipe.name} is also defined in "
                                            f"{here[recipe.name].path}; this one is ignored"))
                continue
            here[recipe.name] = recipe
            every.append(recipe)
        for name, recipe in here.items():
            if name in recipes:
                shadowed.append(recipes[name])
            recipes[name] = recipe
    problems.extend(checksum_conflicts(every))
    return RecipeSet(MappingProxyType(recipes), tuple(problems), tuple(shadowed))


def _source_sites(recipe: Recipe) -> Iterator[tuple[str, str, str, str]]:
    """(url, algorithm, digest, key path) for every URL of every source, both branches."""
    def walk(items: Sequence[Source | Select[Source]], path: str,
             values: Mapping[str, str]) -> Iterator[tuple[str, str, str, str]]:
        for i, item in enumerate(items):
            if isinstance(item, Select):
                yield from walk(item.then, f"{path}[{i}].then", values)
                yield from walk(item.orelse, f"{path}[{i}].else", values)
            elif item.checksum is not None:
                algo, digest = item.checksum
                for url in item.urls:
                    yield interpolate(url, values), algo, digest, f"{path}[{i}].{algo}"

    for vi, ver in enumerate(recipe.versions):
        values = {"name": recipe.name, "version": ver.version}
        values.update({k: interpolate(v, values) for k, v in recipe.context.items()})
        yield from walk(ver.sources, f"versions[{vi}].sources", values)


def checksum_conflicts(recipes: Iterable[Recipe]) -> list[RecipeError]:
    """One checksum per URL: a RecipeError for each URL given two different checksums."""
    seen: dict[tuple[str, str], tuple[str, Recipe, str]] = {}
    out: list[RecipeError] = []
    for recipe in recipes:
        for url, algo, digest, where in _source_sites(recipe):
            first = seen.setdefault((url, algo), (digest, recipe, where))
            if first[0] != digest:
                other = first[1].path or first[1].name
                out.append(RecipeError(
                    recipe.path or recipe.name, where,
                    f"{url} has {algo} {digest} here but {first[0]} in {other} at {first[2]} "
                    "(one checksum per URL: if upstream changed the bytes, the new file "
                    "needs a new URL or filename)"))
    return out
