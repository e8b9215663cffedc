"""``envmgr plugin check``: hooks against their specs, recorded cases, declaration lint.

Each problem is one line, ``WHERE: MESSAGE``; notes (``WHERE: note: MESSAGE``) point at
things worth a look that do not fail the check (a template case, an unanchored version
regex).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from envmgr.authoring.cases import TEMPLATE, cases_path, load_cases
from envmgr.catalog import builtin as catalog
from envmgr.detect.soft import Soft
from envmgr.plugin.host import hook_problems, import_file, plugin_files

__all__ = ["TEMPLATE", "Problem", "load_module", "plugin_softs", "module_cases", "run_case",
           "lint_soft", "check_module", "check_builtins", "check_path"]

# Names a tool's pattern has no business matching: one of them is suspicious, several (or
# the nonsense name) mean the pattern matches nearly anything.
_UNRELATED = ("ls", "cat", "sh", "bash", "env", "grep", "sed", "cp", "mv", "true")
_NONSENSE = "zz-envmgr-lint-nonsense9"
_SOFT_NAME = re.compile(r"[a-z0-9][a-z0-9._+-]*")


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    note: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {'note: ' if self.note else ''}{self.message}"


# -- loading ------------------------------------------------------------------------------


def load_module(target: str | os.PathLike[str] | ModuleType) -> ModuleType:
    """A plugin module from a module, a ``.py`` file or an importable name."""
    if isinstance(target, ModuleType):
        return target
    text = os.fspath(target)
    if text.endswith(".py") or os.path.sep in text:
        return import_file(os.path.abspath(text))
    return importlib.import_module(text)


def plugin_softs(module: Any) -> list[type[Soft]]:
    """The softs a plugin declares: its Soft subclasses and what ``envmgr_softs`` returns."""
    hook = getattr(module, "envmgr_softs", None)
    return catalog.plugin_softs(module, hook() if callable(hook) else None)[0]


def module_cases(module: Any) -> tuple[list[tuple[type[Soft], dict[str, Any]]], list[str]]:
    """(soft, case) for every recorded case of a plugin, and what is wrong with them."""
    softs = {s.name: s for s in plugin_softs(module)}
    file = getattr(module, "__file__", None)
    if not softs:
        return [], []
    if not file:
        return [], ["it has no file, so no cases file beside it"]
    path = cases_path(file)
    if not path.exists() and _installed_builtin(file):
        return [], []  # an installed envmgr: the builtins' cases stay in its source tree
    if not path.exists():
        return [], [f"no recorded cases ({path.name}); record one with "
                    f"'envmgr dev capture {next(iter(softs))} /path/to/tool --append'"]
    try:
        cases = load_cases(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [], [f"{path.name} cannot be read: {exc}"]
    out, problems = [], []
    for i, case in enumerate(cases, 1):
        soft = softs.get(case.get("soft", "")) if isinstance(case, dict) else None
        if soft is None:
            problems.append(f"{path.name}: case {i} names soft {case.get('soft')!r}, which this "
                            f"plugin does not declare ({', '.join(softs)})")
            continue
        out.append((soft, case))
    for name in softs:
        if not any(s.name == name for s, _ in out):
            problems.append(f"{name}: no recorded case in {path.name}; record one with "
                            f"'envmgr dev capture {name} /path/to/tool --append'")
    return out, problems


def _installed_builtin(file: str) -> bool:
    """A builtin plugin of an installed envmgr (``envmgr_plugins``), whose wheel holds no
    recorded cases."""
    if catalog.builtin_package() != "envmgr_plugins":
        return False
    plugins = os.path.realpath(os.path.dirname(catalog.index_path()))
    return os.path.realpath(file).startswith(plugins + os.sep)


def run_case(soft: type[Soft], case: dict[str, Any], root: str | os.PathLike[str]) -> list[str]:
    """Replay one case through the real engine under ``root``; the differences found."""
    from envmgr.authoring.cases import check, replay

    try:
        found = replay(case, root, soft)
    except Exception as exc:  # noqa: BLE001 - a plugin's override may fail
        return [f"replaying failed: {type(exc).__name__}: {exc}"]
    return check(case, found, root)


# -- lint -----------------------------------------------------------------------------


def _overrides(cls: type[Soft], name: str) -> bool:
    mine, base = getattr(cls, name, None), getattr(Soft, name, None)
    return getattr(mine, "__func__", mine) is not getattr(base, "__func__", base)


def _compile(what: str, pattern: Any, flags: int = 0) -> tuple[re.Pattern[str] | None, str]:
    if not isinstance(pattern, str):
        return None, f"{what} {pattern!r} is not a string"
    try:
        return re.compile(pattern, flags), ""
    except re.error as exc:
        return None, f"{what} {pattern!r} is not a valid regex: {exc}"


def _outputs(cases: Iterable[dict[str, Any]]) -> list[str]:
    outs = []
    for case in cases:
        for spec in case.get("layout", {}).values():
            if isinstance(spec, str):
                outs.append(spec)
            elif isinstance(spec, dict):
                outs.extend(str(v) for v in spec.get("outputs", {}).values())
    return outs


def lint_soft(soft: type[Soft], cases: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    """(message, is_note) for each doubtful declaration of ``soft``."""
    out: list[tuple[str, bool]] = []
    for n in [soft.name, *soft.aliases]:
        if not isinstance(n, str) or not _SOFT_NAME.fullmatch(n):
            out.append((f"name or alias {n!r} is not lowercase letters, digits and ._+-", False))
    for attr in ("executables", "libraries"):
        out += _lint_names(attr, getattr(soft, attr, ()))
    rx = None
    if soft.version_regex is not None:
        # searched like Soft.determine_version does: multiline
        rx, err = _compile("version_regex", soft.version_regex, re.MULTILINE)
        if rx is None:
            out.append((err, False))
    for attr, pattern in dict(soft.attrs_regex).items():
        err = _compile(f"attrs_regex[{attr!r}]", pattern)[1]
        if err:
            out.append((err, False))
    default_probe = not (_overrides(soft, "probe") or _overrides(soft, "determine_version"))
    if soft.executables and default_probe and soft.version_regex is None:
        out.append(("no version_regex, and neither probe nor determine_version is overridden: "
                    "nothing reads the version", False))
    if rx is not None and default_probe:
        outputs = _outputs(cases)
        if outputs and not any(rx.search(o) for o in outputs):
            out.append((f"version_regex {soft.version_regex!r} matches none of the "
                        f"{len(outputs)} recorded outputs", False))
        anchored = "^" in rx.pattern or "\\A" in rx.pattern
        if not anchored and not re.search(r"[A-Za-z]{2}", _outside_groups(rx.pattern)):
            out.append((f"version_regex {soft.version_regex!r} is unanchored: it takes the first "
                        "number in the output; add '^' or the text before the version", True))
    if not soft.summary:
        out.append(("no summary: 'envmgr search' shows an empty line for it", True))
    return out


def _lint_names(attr: str, patterns: Any) -> list[tuple[str, bool]]:
    """File-name regexes: valid, and not matching nearly anything."""
    if isinstance(patterns, str):
        return [(f"{attr} is a string; make it a list of regexes", False)]
    out: list[tuple[str, bool]] = []
    for i, pattern in enumerate(patterns):
        rx, err = _compile(f"{attr}[{i}]", pattern)
        if rx is None:
            out.append((err, False))
            continue
        hits = [n for n in _UNRELATED if rx.fullmatch(n)] if attr == "executables" else []
        if rx.fullmatch(_NONSENSE) or rx.fullmatch("") or len(hits) > 1:
            shown = ", ".join(hits[:3]) or repr(_NONSENSE)
            out.append((f"{attr}[{i}] {pattern!r} matches unrelated names ({shown}); "
                        "spell out the file's own names", False))
        elif hits:
            out.append((f"{attr}[{i}] {pattern!r} matches {hits[0]!r}; is that meant?", True))
    return out


def _outside_groups(pattern: str) -> str:
    """The pattern with its groups and escapes removed: the literal context left."""
    text = re.sub(r"\\.", "", pattern)
    while True:
        shorter = re.sub(r"\([^()]*\)", "", text)
        if shorter == text:
            return text
        text = shorter


# -- checking plugins -----------------------------------------------------------------


def check_module(module: Any, where: str) -> list[Problem]:
    """Every problem of one plugin: hooks, declarations, recorded cases."""
    problems = [Problem(where, p) for p in hook_problems(module)]
    for attr in sorted(dir(module)):
        fn = getattr(module, attr, None)
        if hasattr(fn, "envmgr_impl") and not attr.startswith("envmgr_"):
            problems.append(Problem(where, f"{attr} is marked @hookimpl but hooks are named "
                                           "envmgr_*; it is never called"))
    try:
        softs = plugin_softs(module)
    except Exception as exc:  # noqa: BLE001
        return [*problems, Problem(where, f"envmgr_softs raised {type(exc).__name__}: {exc}")]
    if not softs:
        return problems
    cases, case_problems = module_cases(module)
    problems += [Problem(where, p) for p in case_problems]
    for soft in softs:
        mine = [c for s, c in cases if s is soft]
        problems += [Problem(where, f"{soft.name}: {m}", note) for m, note in lint_soft(soft, mine)]
    transcribed_of: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="envmgr-check-") as tmp:
        for i, (soft, case) in enumerate(cases, 1):
            label = f"{soft.name}: case {i}"
            captured = str(case.get("captured", ""))
            transcribed = str(case.get("transcribed", "")).strip()
            if captured and transcribed:
                problems.append(Problem(where, f"{label} says both 'captured' and "
                                               "'transcribed': it is one or the other"))
            elif transcribed:
                transcribed_of[soft.name] = transcribed_of.get(soft.name, 0) + 1
            elif not captured:
                problems.append(Problem(where, f"{label} has no 'captured' origin; record cases "
                                               "with 'envmgr dev capture'"))
            elif captured.startswith(TEMPLATE):
                problems.append(Problem(where, f"{label} is the scaffold's template, not a real "
                                               "capture; record one with 'envmgr dev capture "
                                               f"{soft.name} /path/to/tool --append'", note=True))
            root = Path(tmp, str(i))
            root.mkdir()
            problems += [Problem(where, f"{label}: {p}") for p in run_case(soft, case, root)]
    problems += [Problem(where, f"{name}: {n} case(s) transcribed from a named source, not "
                                "captured from a real tool", note=True)
                 for name, n in transcribed_of.items()]
    return problems


def check_builtins() -> tuple[list[Problem], int]:
    """Check every builtin plugin; (problems, plugins checked)."""
    modules = catalog.load_index()["modules"]
    problems: list[Problem] = []
    for name, meta in modules.items():
        try:
            module = importlib.import_module(meta["module"])
        except Exception as exc:  # noqa: BLE001
            problems.append(Problem(name, f"cannot be imported: {type(exc).__name__}: {exc}"))
            continue
        problems += check_module(module, name)
    return problems, len(modules)


def check_path(path: str) -> tuple[list[Problem], int]:
    """Check a plugin file, a folder of plugin files, or a plugin package's source tree."""
    if os.path.isdir(path) and os.path.exists(os.path.join(path, "pyproject.toml")):
        return _check_project(path)
    files = plugin_files(path) if os.path.isdir(path) else [path]
    problems: list[Problem] = []
    for f in files:
        where = os.path.relpath(f)
        try:
            module = import_file(os.path.abspath(f), f"envmgr_check.{Path(f).stem}")
        except BaseException as exc:  # noqa: BLE001 - a plugin may raise anything on import
            problems.append(Problem(where, f"cannot be imported: {type(exc).__name__}: {exc}"))
            continue
        problems += check_module(module, where)
    return problems, len(files)


def _check_project(path: str) -> tuple[list[Problem], int]:
    """The plugins a project declares as ``envmgr`` entry points, imported from its source."""
    from envmgr.config import _read_toml

    data = _read_toml(os.path.join(path, "pyproject.toml"))
    eps = data.get("project", {}).get("entry-points", {}).get("envmgr", {})
    if not eps:
        where = os.path.join(path, "pyproject.toml")
        return [Problem(where, "declares no entry points in group 'envmgr' "
                               "([project.entry-points.envmgr])")], 0
    roots = [os.path.abspath(os.path.join(path, d)) for d in ("src", ".")]
    sys.path[:0] = [r for r in roots if os.path.isdir(r)]
    problems: list[Problem] = []
    for name, value in eps.items():
        try:
            module = importlib.import_module(str(value).split(":")[0])
        except Exception as exc:  # noqa: BLE001
            problems.append(Problem(name, f"cannot be imported: {type(exc).__name__}: {exc}"))
            continue
        problems += check_module(module, name)
    return problems, len(eps)
