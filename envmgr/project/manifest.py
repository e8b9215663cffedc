"""``envmgr.toml``: found from the current folder upwards, read, and every key checked.

A mistake is one :class:`ManifestError` (exit 2) naming the file, the line and the key
(``envmgr.toml:7: needs.cc.version: cannot read version spec '>=x'``), found before anything
is resolved or written. The format is documented in docs/projects.md and described by
``manifest.schema.json`` beside this module (for editors; this module is what checks).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from envmgr.errors import UsageError

__all__ = ["FILENAME", "LOCKNAME", "ManifestError", "NoProjectError", "Need", "Task",
           "Manifest", "find", "load", "loads", "FACTS", "NEED_FIELDS", "INTERPOLATION"]

FILENAME = "envmgr.toml"
LOCKNAME = "envmgr.lock"

#: the platform facts a ``when`` table may name (see :mod:`envmgr.project.facts`)
FACTS = ("os", "arch", "microarch", "gpu", "cuda_driver", "libc", "container", "scheduler")
#: what ``${{ needs.NAME.FIELD }}`` may read of a need's entry
NEED_FIELDS = ("prefix", "version", "soft", "uid", "executable")
INTERPOLATION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_REF = re.compile(r"^needs\.([A-Za-z0-9_.+-]+?)\.([a-z_]+)$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")
_TASK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")

_TOP = ("project", "needs", "env", "tasks")
_PROJECT_KEYS = ("name", "description")
_NEED_KEYS = ("name", "tags", "version", "variants", "when", "optional", "install")
_TASK_KEYS = ("run", "depends", "description", "env")
_INSTALL = ("auto", "never")


class ManifestError(UsageError):
    """``envmgr.toml`` is not one envmgr can use: one line naming the file, line and key."""


class NoProjectError(UsageError):
    """No ``envmgr.toml`` in this folder or any folder above it."""


class Need:
    """One thing the project needs: a soft or recipe by ``name``, or ``tags``. (Plain
    classes here, not dataclasses: importing dataclasses costs ``status`` a third of its
    start-up.)"""

    __slots__ = ("key", "name", "tags", "version", "variants", "when", "optional", "install")

    def __init__(self, key: str, name: str | None = None, tags: tuple[str, ...] = (),
                 version: str | None = None, variants: Mapping[str, str] | None = None,
                 when: Mapping[str, Any] | None = None, optional: bool = False,
                 install: str = "auto") -> None:
        self.key = key
        self.name = name
        self.tags = tags
        self.version = version
        self.variants: Mapping[str, str] = dict(variants or {})
        self.when: Mapping[str, Any] = dict(when or {})
        self.optional = optional
        self.install = install

    def describe(self) -> str:
        """``python >=3.10``, ``tags=compiler,lang-c >=12``."""
        what = self.name or "tags=" + ",".join(self.tags)
        return f"{what} {self.version}" if self.version else what

    def to_json(self) -> dict[str, Any]:
        """The need as its canonical table (what the lock's digest is taken over)."""
        out: dict[str, Any] = {"name": self.name, "tags": list(self.tags),
                               "version": self.version, "variants": dict(self.variants),
                               "when": dict(self.when), "optional": self.optional,
                               "install": self.install}
        return {k: v for k, v in out.items() if v not in (None, [], {})}


class Task:
    """A named command (or commands) run in the project's environment."""

    __slots__ = ("name", "run", "depends", "description", "env")

    def __init__(self, name: str, run: tuple[str, ...], depends: tuple[str, ...] = (),
                 description: str = "", env: Mapping[str, str] | None = None) -> None:
        self.name = name
        self.run = run
        self.depends = depends
        self.description = description
        self.env: Mapping[str, str] = dict(env or {})


class Manifest:
    """A checked ``envmgr.toml``."""

    __slots__ = ("path", "name", "needs", "env", "tasks", "text")

    def __init__(self, path: str, name: str, needs: dict[str, Need], env: dict[str, str],
                 tasks: dict[str, Task], text: str = "") -> None:
        self.path = path
        self.name = name
        self.needs = needs
        self.env = env
        self.tasks = tasks
        self.text = text

    def with_task(self, task: Task) -> Manifest:
        """This manifest with one more task (``run --each ... -- CMD``)."""
        return Manifest(self.path, self.name, self.needs, self.env,
                        {**self.tasks, task.name: task}, self.text)

    @property
    def root(self) -> str:
        """The project's folder (where the manifest is)."""
        return os.path.dirname(self.path)

    @property
    def lock_path(self) -> str:
        return os.path.join(self.root, LOCKNAME)

    def digest(self) -> str:
        """A hash of what resolution reads (the needs): comments, tasks, env and order
        do not make a lock stale."""
        import hashlib
        import json

        doc = {k: n.to_json() for k, n in sorted(self.needs.items())}
        return "sha256:" + hashlib.sha256(
            json.dumps(doc, sort_keys=True).encode()).hexdigest()

    def line_of(self, *path: str) -> int:
        return locate(self.text, path)


# ---------------------------------------------------------------- finding


def find(start: str | None = None) -> str | None:
    """The nearest ``envmgr.toml`` in ``start`` (default: the current folder) or above."""
    from envmgr.project.fast import find_manifest

    return find_manifest(os.path.abspath(start or os.getcwd()))


def find_or_fail(start: str | None = None) -> str:
    path = find(start)
    if path is None:
        where = os.path.abspath(start or os.getcwd())
        raise NoProjectError(f"no {FILENAME} was found in {where} or any folder above it",
                             "start a project here with 'envmgr init'")
    return path


# ---------------------------------------------------------------- locating a key's line


def _key_parts(text: str) -> list[str]:
    """``a."b c".d`` → ``["a", "b c", "d"]``."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)', text)
    return [a or b or c for a, b, c in parts]


def locate(text: str, path: tuple[str, ...] | list[str]) -> int:
    """The line (1-based) that defines ``path`` (or the nearest enclosing key), for
    messages; 1 when nothing better is found."""
    path = list(path)
    best, best_depth = 1, 0
    table: list[str] = []
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", line)
        if header:
            table = _key_parts(header.group(1))
            full = table
            rest: list[str] = []
        else:
            m = re.match(r'^((?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
                         r'(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+))*)\s*=(.*)$',
                         line)
            if not m:
                continue
            full = table + _key_parts(m.group(1))
            rest = _key_parts(m.group(2)) if "{" in m.group(2) else []
        if full != path[:len(full)] or len(full) < best_depth:
            continue
        depth = len(full)
        # an inline table on this line: does it hold the remaining keys?
        remaining = path[len(full):]
        if remaining and rest and all(k in rest for k in remaining):
            depth = len(path)
        if depth >= best_depth:
            best, best_depth = i, depth
            if depth == len(path) and not header:
                return best
    return best


# ---------------------------------------------------------------- reading and checking


def load(path: str) -> Manifest:
    """Read and check the manifest at ``path``."""
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as exc:
        raise ManifestError(f"cannot read {shown}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError(f"{shown}:1: the file is not UTF-8 text") from None
    return loads(text, path, shown)


def loads(text: str, path: str = FILENAME, shown: str | None = None) -> Manifest:
    """Check ``text`` as the manifest at ``path``; a ManifestError at the first mistake."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,unused-ignore]
    shown = shown or path
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = " ".join(str(exc).split())
        m = re.search(r"\(at line (\d+), column \d+\)", reason)
        line = m.group(1) if m else "1"
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", reason)
        raise ManifestError(f"{shown}:{line}: not valid TOML: {reason}",
                            "see docs/projects.md for the format") from None
    except (RecursionError, ValueError) as exc:
        raise ManifestError(f"{shown}:1: cannot be parsed: {type(exc).__name__}") from None
    return _Checker(text, os.path.abspath(path), shown).check(doc)


class _Checker:
    def __init__(self, text: str, path: str, shown: str) -> None:
        self.text = text
        self.path = path
        self.shown = shown

    def fail(self, keys: tuple[str, ...], what: str, hint: str | None = None) -> ManifestError:
        line = locate(self.text, keys)
        dotted = ".".join(_quote(k) for k in keys)
        return ManifestError(f"{self.shown}:{line}: {dotted}: {what}", hint)

    def unknown(self, keys: tuple[str, ...], known: tuple[str, ...]) -> ManifestError:
        import difflib

        close = difflib.get_close_matches(keys[-1], known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        return self.fail(keys, "unknown key", hint)

    def table(self, value: Any, keys: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(keys, f"must be a table, not {_kind(value)}")
        return value

    def string(self, value: Any, keys: tuple[str, ...]) -> str:
        if not isinstance(value, str):
            raise self.fail(keys, f"must be a string, not {_kind(value)}")
        return value

    def strings(self, value: Any, keys: tuple[str, ...]) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(keys, f"must be an array of strings, not {_kind(value)}")
        return tuple(value)

    # -- the tables
    def check(self, doc: dict[str, Any]) -> Manifest:
        for key in doc:
            if key not in _TOP:
                raise self.unknown((key,), _TOP)
        project = self.table(doc.get("project", {}), ("project",))
        for key in project:
            if key not in _PROJECT_KEYS:
                raise self.unknown(("project", key), _PROJECT_KEYS)
        name = project.get("name", os.path.basename(os.path.dirname(self.path)))
        name = self.string(name, ("project", "name"))
        if "description" in project:
            self.string(project["description"], ("project", "description"))
        needs = {k: self.need(k, v) for k, v in
                 self.table(doc.get("needs", {}), ("needs",)).items()}
        env: dict[str, str] = {}
        for var, value in self.table(doc.get("env", {}), ("env",)).items():
            env[var] = self.env_value(("env", var), value, needs)
        tasks = {k: self.task(k, v, needs) for k, v in
                 self.table(doc.get("tasks", {}), ("tasks",)).items()}
        self.task_graph(tasks)
        return Manifest(self.path, name, needs, env, tasks, self.text)

    def need(self, key: str, value: Any) -> Need:
        keys = ("needs", key)
        if isinstance(value, str):
            value = {"version": value}
        if not isinstance(value, dict):
            raise self.fail(keys, f"must be a version spec (a string) or a table, not "
                                  f"{_kind(value)}", 'for example python = ">=3.10"')
        for k in value:
            if k not in _NEED_KEYS:
                raise self.unknown((*keys, k), _NEED_KEYS)
        name = value.get("name")
        tags: tuple[str, ...] = ()
        if "tags" in value:
            tags = self.strings(value["tags"], (*keys, "tags"))
            if not tags or any(not t.strip() or "," in t for t in tags):
                raise self.fail((*keys, "tags"), "must name at least one tag, none blank",
                                'for example tags = ["compiler", "lang-c"]')
        if name is not None:
            name = self.string(name, (*keys, "name")).strip().lower()
            if not _NAME.match(name):
                raise self.fail((*keys, "name"), f"'{value['name']}' is not a soft or recipe "
                                "name", "see 'envmgr search'")
        elif not tags:
            if not _NAME.match(key):
                raise self.fail(keys, "the need has no name or tags, and its key is not a "
                                "soft name", 'give name = "SOFT" or tags = ["..."]')
            name = key
        version = value.get("version")
        if version is not None:
            version = self.string(version, (*keys, "version")).strip()
            if version in ("", "*"):
                version = None
            else:
                from envmgr.versions import VersionSpec

                try:
                    VersionSpec(version)
                except UsageError as exc:
                    raise self.fail((*keys, "version"), exc.message, exc.suggestion) from None
        variants = self.table(value.get("variants", {}), (*keys, "variants"))
        for k, v in variants.items():
            self.string(v, (*keys, "variants", k))
        when = self.when(self.table(value.get("when", {}), (*keys, "when")), (*keys, "when"))
        optional = value.get("optional", False)
        if not isinstance(optional, bool):
            raise self.fail((*keys, "optional"), f"must be true or false, not {_kind(optional)}")
        install = value.get("install", "auto")
        if install not in _INSTALL:
            raise self.fail((*keys, "install"), f"must be \"auto\" or \"never\", not "
                            f"{install!r:.40}")
        return Need(key, name, tags, version, dict(variants), when, optional, install)

    def when(self, when: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        for fact, value in when.items():
            where = (*keys, fact)
            if fact not in FACTS:
                raise self.fail(where, "unknown fact", f"the facts are {', '.join(FACTS)}")
            ok = isinstance(value, (str, bool)) or (
                isinstance(value, list) and value and all(isinstance(v, str) for v in value))
            if not ok:
                raise self.fail(where, "must be a string, an array of strings or true/false, "
                                f"not {_kind(value)}")
            if fact == "cuda_driver" and isinstance(value, str):
                from envmgr.versions import VersionSpec

                try:
                    VersionSpec(value)
                except UsageError as exc:
                    raise self.fail(where, exc.message, exc.suggestion) from None
        return dict(when)

    def env_value(self, keys: tuple[str, ...], raw: Any, needs: Mapping[str, Need]) -> str:
        from envmgr.activate.envops import valid_name

        if not valid_name(keys[-1]):
            raise self.fail(keys, "is not a variable name a shell can set",
                            "use letters, digits and _")
        value = self.string(raw, keys)
        if any(ord(c) < 0x20 and c != "\t" for c in value):
            raise self.fail(keys, "holds a control character (a newline?)")
        self.refs(keys, value, needs)
        return value

    def refs(self, keys: tuple[str, ...], value: str, needs: Mapping[str, Need]) -> None:
        """Every ``${{ needs.NAME.FIELD }}`` in ``value`` names a need and a field."""
        for ref in INTERPOLATION.findall(value):
            m = _REF.match(ref)
            if not m:
                raise self.fail(keys, f"cannot read ${{{{ {ref} }}}}",
                                "write ${{ needs.NAME.prefix }} (or .version, .soft, .uid, "
                                ".executable)")
            need, what = m.groups()
            if need not in needs:
                raise self.fail(keys, f"${{{{ {ref} }}}} names the need '{need}', which "
                                "[needs] does not have",
                                f"the needs are: {', '.join(needs) or 'none'}")
            if what not in NEED_FIELDS:
                raise self.fail(keys, f"${{{{ {ref} }}}}: a need has no '{what}'",
                                f"use one of {', '.join(NEED_FIELDS)}")

    def task(self, name: str, value: Any, needs: Mapping[str, Need]) -> Task:
        keys = ("tasks", name)
        if not _TASK.match(name):
            raise self.fail(keys, "is not a task name", "use letters, digits and _.:-")
        if isinstance(value, (str, list)):
            value = {"run": value}
        value = self.table(value, keys)
        for k in value:
            if k not in _TASK_KEYS:
                raise self.unknown((*keys, k), _TASK_KEYS)
        if "run" not in value:
            raise self.fail(keys, "has no 'run'", 'for example run = "make"')
        run = value["run"]
        cmds = (run,) if isinstance(run, str) else self.strings(run, (*keys, "run"))
        if not cmds or any(not c.strip() for c in cmds):
            raise self.fail((*keys, "run"), "is empty")
        depends = self.strings(value.get("depends", []), (*keys, "depends"))
        desc = self.string(value.get("description", ""), (*keys, "description"))
        env = {var: self.env_value((*keys, "env", var), v, needs)
               for var, v in self.table(value.get("env", {}), (*keys, "env")).items()}
        for cmd in cmds:
            self.refs((*keys, "run"), cmd, needs)
        return Task(name, tuple(cmds), depends, desc, env)

    def task_graph(self, tasks: Mapping[str, Task]) -> None:
        for t in tasks.values():
            for dep in t.depends:
                if dep == t.name:
                    raise self.fail(("tasks", t.name, "depends"), "the task depends on itself")
                if dep not in tasks:
                    import difflib

                    close = difflib.get_close_matches(dep, list(tasks), n=1)
                    raise self.fail(("tasks", t.name, "depends"),
                                    f"names the task '{dep}', which [tasks] does not have",
                                    f"did you mean '{close[0]}'?" if close
                                    else f"the tasks are: {', '.join(tasks)}")
        state: dict[str, int] = {}

        def visit(name: str, trail: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                loop = trail[trail.index(name):] + [name]
                raise self.fail(("tasks", loop[0], "depends"),
                                "the tasks depend on each other in a loop: " + " -> ".join(loop))
            state[name] = 1
            for dep in tasks[name].depends:
                visit(dep, [*trail, name])
            state[name] = 2

        for name in tasks:
            visit(name, [])


def _quote(key: str) -> str:
    return key if re.match(r"^[A-Za-z0-9_-]+$", key) else f'"{key}"'


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)
