"""Companions by version, and a compiler's languages.

A companion (``g++`` beside ``gcc``, ``lldb`` beside ``clang``) is another installation's
file where several versions share a folder: ``gcc-10`` beside ``gcc`` and ``g++`` 9.4.0,
``lldb`` 8.0 beside ``clang-3.9`` and ``clang-8``. :meth:`Soft.commands` pairs by name
(the same version suffix first, and in a shared dir such as ``/usr/bin`` only that); this
module checks the pairs that a name cannot vouch for. A companion found without the
candidate's suffix, where the candidate has one or where the soft's candidates in that
folder are of several versions, is probed (the soft's own probe, else the numbers that
``--version`` prints; cached by the companion's stat like any probe): one of another
version is not attached, and ``--explain`` says so. In a folder of one version nothing
more is run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from envmgr import _proc
from envmgr.detect.explain import Explain
from envmgr.detect.probecache import ProbeCache, fingerprint
from envmgr.detect.probed import Outcome
from envmgr.detect.soft import Candidate, Runner, Soft
from envmgr.errors import ProbeError

__all__ = ["CompanionCheck", "LANGUAGES", "languages_of"]

# language key of ``Soft.compilers`` → (its name in attrs.languages, its variable, its tag)
LANGUAGES = {
    "c": ("c", "CC", "lang-c"),
    "cxx": ("c++", "CXX", "lang-cpp"),
    "fortran": ("fortran", "FC", "lang-fortran"),
}

_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)+")


def languages_of(soft: type[Soft], commands: dict[str, str]) -> tuple[
        dict[str, str], list[str], dict[str, str], list[str]]:
    """(compilers: language → path, languages, variables, tags) of an entry with
    ``commands``, from the soft's ``compilers`` declaration."""
    compilers: dict[str, str] = {}
    for lang, names in soft.compiler_names().items():
        path = next((commands[n] for n in names if n in commands), None)
        if path:
            compilers[lang] = path
    languages, env, tags = [], {}, []
    for lang, path in compilers.items():
        name, var, tag = LANGUAGES.get(lang, (lang, "", f"lang-{lang}"))
        languages.append(name)
        tags.append(tag)
        if var:
            env[var] = path
    return compilers, languages, env, tags


def same_version(a: str, b: str) -> bool:
    """``10`` and ``10.5.0`` are the same version (what ``-dumpversion`` prints)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


class CompanionCheck:
    """Drops the companions of another version from an entry's commands."""

    def __init__(self, found: Iterable[tuple[type[Soft], Candidate, str]], cache: ProbeCache,
                 run: Runner, explain: Explain) -> None:
        self.cache, self.run, self.explain = cache, run, explain
        # (soft, dir) → the versions its candidates there have
        self.versions: dict[tuple[str, str], set[str]] = {}
        for soft, cand, version in found:
            for d in _dirs(cand):
                self.versions.setdefault((soft.name, d), set()).add(version)

    def __call__(self, soft: type[Soft], cand: Candidate, version: str,
                 commands: dict[str, str]) -> dict[str, str]:
        if cand.kind != "executable" or _pairs_its_own(soft):
            return commands  # a soft that pairs its own commands (python) knows better
        suffix = cand.suffix
        suffixes = {s for s in (suffix, _suffix(cand.realpath)) if s}
        several = any(len(self.versions.get((soft.name, d), ())) > 1 for d in _dirs(cand))
        own = {cand.path, cand.realpath, *cand.also}
        for comp in soft.companion_names():
            path = commands.get(comp)
            if not path or path in own:
                continue
            if suffixes & {_suffix(path), _suffix(os.path.realpath(path))}:
                continue  # the same suffix (g++-12, or g++ -> g++-12): the same version
            if not (suffix or several):
                continue  # one version in the folder: nothing to tell apart
            theirs = self.versions_of(soft, path)
            if not theirs:
                self.explain(f"{soft.name}: {cand.path}: companion {comp} ({path}) says no "
                             "version; attached")
                continue
            if any(same_version(v, version) for v in theirs):
                self.explain(f"{soft.name}: {cand.path}: companion {comp} ({path}) is "
                             f"{version} too; attached")
                continue
            self.explain(f"{soft.name}: {cand.path}: companion {comp} ({path}) is version "
                         f"{theirs[0]}, not {version}: not attached")
            commands = {k: v for k, v in commands.items() if v != path}
        return commands

    def versions_of(self, soft: type[Soft], path: str) -> list[str]:
        """The version of a companion: the soft's own probe, else the numbers ``--version``
        prints; none where neither says one. Cached by the file's stat."""
        real = os.path.realpath(path)
        cand = Candidate(path=path, realpath=real)
        key = ProbeCache.key(soft, cand)
        if key:
            key = key.replace(f"{soft.name}\0{fingerprint(soft)}",
                              f"{soft.name}:companion\0{fingerprint(soft)}", 1)
        outcome = self.cache.get(key)
        if outcome is None:
            outcome = self._probe(soft, cand)
            self.cache.put(key, outcome)
        if outcome.kind != "ok" or not outcome.probed:
            return []
        numbers = (outcome.probed.get("attrs") or {}).get("numbers")
        return [str(n) for n in numbers] if isinstance(numbers, list) else [
            str(outcome.probed["version"])]

    def _probe(self, soft: type[Soft], cand: Candidate) -> Outcome:
        try:
            return Outcome("ok", probed={"version": soft.probe(cand, self.run)["version"],
                                         "attrs": {}})
        except (_proc.ProbeTimeout, _proc.OutputTooLarge) as exc:
            return Outcome("reject", str(exc))
        except ProbeError as exc:  # it could not run: no answer, and not remembered
            return Outcome("error", str(exc))
        except Exception:  # noqa: BLE001 - a Reject, or a plugin's probe failing on a companion
            pass
        try:
            result = self.run([cand.path, "--version"], timeout=soft.timeout)
        except (_proc.ProbeTimeout, _proc.OutputTooLarge, ProbeError) as exc:
            return Outcome("reject", str(exc))
        numbers: list[str] = _NUMBER.findall(result.output)
        if not numbers:
            return Outcome("reject", "no version in its --version output")
        return Outcome("ok", probed={"version": numbers[0], "attrs": {"numbers": numbers}})


def _pairs_its_own(soft: type[Soft]) -> bool:
    overridden = getattr(soft.commands, "__func__", None)
    return overridden is not getattr(Soft.commands, "__func__", None)


def _suffix(path: str) -> str:
    """The version suffix of a file name (``-12`` for ``g++-12``), else ``""``."""
    return Candidate(path=path, realpath=path).suffix


def _dirs(cand: Candidate) -> list[str]:
    return list(dict.fromkeys((os.path.dirname(cand.realpath), os.path.dirname(cand.path))))
