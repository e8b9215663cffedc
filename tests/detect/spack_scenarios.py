"""Spack's detection scenarios, replayed through envmgr's detection engine.

Spack keeps, beside the package of each compiler it can find on a machine, a
``detection_test.yaml``: layouts of mock executables whose scripts print what the real
tools print (Spack's transcriptions of real output, not envmgr's captures), and the specs
Spack expects to find there. ``data/spack_scenarios.json`` holds those of the packages
envmgr has a soft for, converted to envmgr's case format: each layout file becomes a fake
executable with the output (and exit status) of Spack's script for every argument a probe
passes, each expected spec its version, languages, compiler paths and the variants envmgr
can tell. Each scenario names its source file and the spack-packages commit.

The conversion runs Spack's scripts, so it needs the spack-packages snapshot and PyYAML;
the tests replay the converted data alone::

    python tests/detect/spack_scenarios.py SPACK_PACKAGES_GIT_DIR \
        > tests/detect/data/spack_scenarios.json
    python tests/detect/spack_scenarios.py --score   # the score of this checkout
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data") / "spack_scenarios.json"

# Spack's package → envmgr's soft. A package with no soft here is left out of the data.
SOFTS = {
    "gcc": "gcc",
    "llvm": "llvm",
    "apple-clang": "apple-clang",
    "aocc": "aocc",
    "llvm-amdgpu": "rocm-llvm",
    "intel-oneapi-compilers": "intel-oneapi",
    "intel-oneapi-compilers-classic": "intel-classic",
    "nvhpc": "nvhpc",
    "cce": "cce",
    "acfl": "acfl",
    "atfl": "atfl",
    "fj": "fj",
    "nag": "nag",
    "rust": "rust",
    "slurm": "slurm",
}

# The arguments envmgr's probes of these softs pass; every other one answers as Spack's
# script answers an unknown flag (the layout's "*").
PROBE_ARGS = ["-v", "-V", "--version", "-vV", "-dumpversion", "-dumpfullversion"]

# Spack's variants that an envmgr entry shows: variant → the command the entry exposes.
VARIANT_COMMANDS = {("llvm", "lld"): "ld.lld", ("llvm", "lldb"): "lldb"}

# Spack's compiler keys → the variable an entry sets.
ENV = {"c": "CC", "cxx": "CXX", "fortran": "FC"}

# Spack's compiler keys → envmgr's language names (attrs.languages).
LANGUAGES = {"c": "c", "cxx": "c++", "fortran": "fortran", "rust": "rust"}


# -- conversion (needs the spack-packages snapshot and PyYAML) -------------------------


def _git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, text=True,
                          capture_output=True).stdout


def _run_script(script: str, args: str, tmp: str) -> tuple[str, int]:
    path = os.path.join(tmp, "mock")
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + script)
    os.chmod(path, 0o755)
    proc = subprocess.run([path, *args.split()], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=10,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})
    return proc.stdout, proc.returncode


def _fake(script: str, tmp: str) -> dict[str, Any]:
    """A layout file replaying ``script``: one output per argument, the rest as ``*``."""
    other = _run_script(script, "--no-such-flag-for-envmgr", tmp)
    outputs: dict[str, str] = {}
    exits: dict[str, int] = {}
    for args in PROBE_ARGS:
        out, rc = _run_script(script, args, tmp)
        if (out, rc) != other:
            outputs[args] = out
            if rc:
                exits[args] = rc
    outputs["*"] = other[0]
    spec: dict[str, Any] = {"outputs": outputs}
    if other[1]:
        exits["*"] = other[1]
    if exits:
        spec["exits"] = exits
    return spec


_SPEC = re.compile(r"^(?P<name>[\w-]+)@(?P<version>[\w.\-]+)(?P<rest>.*)$")


def _expected(package: str, result: dict[str, Any]) -> dict[str, Any]:
    spec = result["spec"].strip()
    m = _SPEC.match(spec)
    if not m:
        raise ValueError(f"cannot read the spec {spec!r}")
    rest = m.group("rest")
    extra = dict(result.get("extra_attributes") or {})
    compilers = dict(extra.pop("compilers", {}) or {})
    langs = re.search(r"languages:=([\w+,]+)", rest)
    languages = (langs.group(1).split(",") if langs
                 else [LANGUAGES[k] for k in compilers if k in LANGUAGES])
    variants = {name: sign == "+" for sign, name in re.findall(r"([+~])(\w+)", rest)
                if (package, name) in VARIANT_COMMANDS}
    out: dict[str, Any] = {"spec": spec, "version": m.group("version"),
                           "languages": sorted(languages), "compilers": compilers}
    if variants:
        out["variants"] = variants
    if extra:
        out["commands"] = {k: v for k, v in extra.items() if isinstance(v, str)}
    return out


def convert(repo: str) -> dict[str, Any]:
    """The scenarios of the packages in :data:`SOFTS`, from a spack-packages git dir."""
    import yaml

    commit = _git(repo, "rev-parse", "HEAD").strip()
    files = [p for p in _git(repo, "ls-tree", "-r", "HEAD", "--name-only").splitlines()
             if p.endswith("/detection_test.yaml")]
    scenarios: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(files):
            package = path.split("/")[-2].replace("_", "-")
            if package not in SOFTS:
                continue
            doc = yaml.safe_load(_git(repo, "show", f"HEAD:{path}"))
            for i, test in enumerate(doc.get("paths") or []):
                layout: dict[str, Any] = {}
                for part in test["layout"]:
                    fake = _fake(part["script"], tmp)
                    for exe in part["executables"]:
                        layout[exe] = fake
                scenarios.append({
                    "package": package, "soft": SOFTS[package], "source": path, "index": i,
                    "platforms": list(test.get("platforms") or []), "layout": layout,
                    "expect": [_expected(package, r) for r in test.get("results") or []],
                })
    return {
        "source": {"repository": "https://github.com/spack/spack-packages", "commit": commit},
        "about": ("Spack's detection_test.yaml scenarios of the packages envmgr has a soft "
                  "for, converted by tests/detect/spack_scenarios.py: Spack's transcriptions "
                  "of real tool output, not envmgr's captures"),
        "packages": sorted({s["package"] for s in scenarios}),
        "scenarios": scenarios,
    }


# -- replay ----------------------------------------------------------------------------


def load() -> dict[str, Any]:
    return json.loads(DATA.read_text())


def soft_named(name: str) -> Any:
    """The builtin soft ``name``, or None where envmgr has none."""
    from envmgr.catalog import builtin as catalog

    index = catalog.load_index()
    for meta in index["modules"].values():
        if any(s["name"] == name for s in meta["softs"]):
            import importlib

            module = importlib.import_module(meta["module"])
            return next(s for s in catalog.module_softs(module) if s.name == name)
    return None


def run(scenario: dict[str, Any], root: str) -> tuple[list[str], int, int]:
    """Replay one scenario under ``root``: (what differs, expected specs found with their
    version, expected specs found right in every respect)."""
    from envmgr.authoring.cases import replay

    soft = soft_named(scenario["soft"])
    if soft is None:
        return [f"envmgr has no soft {scenario['soft']!r}"], 0, 0
    found = replay({"soft": soft.name, "layout": scenario["layout"]}, root, soft)
    problems = [f"the engine warned: {w}" for w in found.warnings]
    remaining = list(found)
    right = versioned = 0
    for exp in scenario["expect"]:
        match = next((f for f in remaining if f.version == exp["version"]), None)
        if match is None:
            seen = ", ".join(f"{f.version} ({f.candidate.path})" for f in remaining) or "nothing"
            problems.append(f"{exp['spec']}: not found (found {seen})")
            continue
        remaining.remove(match)
        versioned += 1
        wrong = _differences(exp, match)
        problems += [f"{exp['spec']}: {w}" for w in wrong]
        right += not wrong
    for extra in remaining:
        problems.append(f"found {extra.soft.name} {extra.version} at {extra.candidate.path}, "
                        "which Spack does not expect")
    return problems, versioned, right


def _differences(exp: dict[str, Any], found: Any) -> list[str]:
    problems: list[str] = []
    languages = sorted(found.attrs.get("languages") or [])
    if languages != exp["languages"]:
        problems.append(f"languages {languages}, not {exp['languages']}")
    compilers = found.attrs.get("compilers") or {}
    for key, pattern in exp["compilers"].items():
        path = compilers.get(key)
        if not path or not re.fullmatch(pattern, path):
            problems.append(f"compilers[{key!r}] is {path!r}, not {pattern!r}")
        var = ENV.get(key)
        if var and found.env.get(var) != path:
            problems.append(f"{var} is {found.env.get(var)!r}, not the {key} compiler {path!r}")
    commands = found.commands
    for name, pattern in (exp.get("commands") or {}).items():
        path = commands.get(name)
        if not path or not re.fullmatch(pattern, path):
            problems.append(f"command {name!r} is {path!r}, not {pattern!r}")
    for variant, wanted in (exp.get("variants") or {}).items():
        command = VARIANT_COMMANDS[(exp["spec"].split("@")[0], variant)]
        if (command in commands) != wanted:
            sign = "+" if wanted else "~"
            problems.append(f"{sign}{variant}: {command} is "
                            f"{'missing' if wanted else 'attached: ' + commands[command]}")
    return problems


def score() -> tuple[int, int, int, int, int, list[str]]:
    """(specs found with their version, specs found right, specs expected, scenarios
    expecting nothing that found nothing, scenarios expecting nothing, problems)."""
    versioned = right = total = empty_ok = empty = 0
    report: list[str] = []
    for s in load()["scenarios"]:
        with tempfile.TemporaryDirectory() as tmp:
            problems, found, ok = run(s, tmp)
        total += len(s["expect"])
        versioned += found
        right += ok
        if not s["expect"]:
            empty += 1
            empty_ok += not problems
        report += [f"{s['source']}[{s['index']}]: {p}" for p in problems]
    return versioned, right, total, empty_ok, empty, report


def main(argv: list[str]) -> int:
    if argv[:1] == ["--score"]:
        versioned, right, total, empty_ok, empty, report = score()
        print("\n".join(report))
        print(f"specs found with their version: {versioned}/{total}; in every respect "
              f"(version, languages, compiler paths, variants): {right}/{total}; "
              f"scenarios expecting nothing that found nothing: {empty_ok}/{empty}")
        return 0
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(convert(argv[0]), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
