"""Every catalogue recipe whose front-end is ``spack`` plans and installs through the
stand-in Spack (spack_stand_in.py), and its smoke test passes where Spack put the files.

What this proves, per recipe: its spec text renders and concretizes (the stand-in answers
with real Spack's concrete spec, renamed); the entry's prefix is the one Spack reports for
that DAG hash (``spack location -i``), not envmgr's folder; the recipe's smoke test (its
``files`` and its commands, run from the prefix) passes there, and would fail anywhere
else: the stand-in lays the files out in Spack's prefix only, under the *Spack package
name* the recipe's spec gives. For bzip2 the prefix is laid out as real Spack 1.1.0
installed it (data/spack-1.1.0/prefix-bzip2.txt), so its smoke test is checked against a
real build; for the other packages the layout is Spack's convention (``bin``, ``include``,
``lib`` under the prefix) holding the paths the recipe's smoke test names, which checks
where the test looks, not that the package installs those exact names.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

from conftest import ROOT
from test_install_spack import install_stand_in

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


def _spack_recipes() -> dict[str, dict]:
    out = {}
    for path in sorted((ROOT / "recipes").rglob("*.toml")):
        data = tomllib.loads(path.read_text())
        if data.get("frontend", {}).get("name") == "spack":
            out[data["name"]] = data
    return out


RECIPES = _spack_recipes()


def _package(recipe: dict) -> str:
    spec = recipe["frontend"].get("settings", {}).get("spec") or recipe["name"]
    return spec.split("@")[0].split()[0]


def _layout(recipe: dict) -> list[str]:
    """Where the recipe's smoke test looks, as paths of Spack's prefix."""
    tests = recipe.get("tests", {})
    paths = [f"./{f}" + ("/" if "." not in Path(f).name and not f.startswith("bin/")
                         and f.count("/") == 0 else "") for f in tests.get("files", [])]
    for cmd in tests.get("commands", []):
        argv = shlex.split(cmd) if isinstance(cmd, str) else list(cmd)
        exe = argv[0] if "/" in argv[0] else f"bin/{argv[0]}"
        paths.append(f"./{exe}")
    return paths


def test_the_catalogue_has_spack_recipes():
    assert len(RECIPES) >= 80 and "bzip2" in RECIPES


def test_every_spack_recipe_installs_and_passes_its_smoke_test_in_spacks_prefix(
        cli, home, tmp_path, monkeypatch):
    exe = install_stand_in(tmp_path / "spack")
    layout: dict[str, list[str]] = {}
    for recipe in RECIPES.values():
        if _package(recipe) != "bzip2":
            layout.setdefault(_package(recipe), []).extend(_layout(recipe))
    table = tmp_path / "layout.json"
    table.write_text(json.dumps(layout))
    monkeypatch.setenv("STAND_IN_LAYOUT", str(table))
    env = {"PATH": f"{exe.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    assert cli("detect", "spack", env=env).rc == 0
    # what this machine has must not stand in for the build: the detection plugins of
    # the recipes' softs are off (gcc's last: the others need a compiler)
    plugins = cli("plugin", "list", "--json").json()
    off = {name: [a for p in plugins if name in p["softs"] for a in ("-p", f"no:{p['name']}")]
           for name in RECIPES}
    names = sorted(set(RECIPES) - {"gcc"})
    first = cli(*[a for n in names for a in off[n]], "install", *names, "--frontend", "spack",
                "--json", env=env, timeout=1800)
    assert first.rc == 0, first.err[-3000:]
    last = cli(*off["gcc"], "install", "gcc", "--frontend", "spack", "--json", env=env,
               timeout=300)
    assert last.rc == 0, last.err[-3000:]
    outcomes = {o["soft"]: o for r in (first, last) for o in r.json()["outcomes"]}
    names = sorted(RECIPES)
    entries = {e["uid"]: e for e in cli("list", "--json").json()}
    store = home / "install" / ".spack" / "store"
    for name in names:
        assert outcomes[name]["action"] == "installed", (name, outcomes[name])
        entry = entries[outcomes[name]["uid"]]
        prefix = Path(entry["prefix"])
        assert prefix.parent.parent == store, name
        assert prefix.name.startswith(f"{_package(RECIPES[name])}-"), name
        assert entry["attrs"]["spack"]["prefix"] == str(prefix)
        folder = Path(entry["attrs"]["install"]["folder"])
        for f in RECIPES[name].get("tests", {}).get("files", []):
            assert (prefix / f).exists() and not (folder / f).exists(), (name, f)


def test_a_smoke_test_that_looks_elsewhere_fails(cli, home, tmp_path, monkeypatch):
    """The check above is a real one: a recipe whose smoke test names a file Spack's
    prefix does not hold (spec.json, which only envmgr's folder has) is refused."""
    exe = install_stand_in(tmp_path / "spack")
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    (recipes / "zstd.toml").write_text(
        (ROOT / "recipes" / "libs" / "zstd.toml").read_text().replace(
            'files = ["include/zstd.h"]', 'files = ["spec.json"]'))
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    table = tmp_path / "layout.json"
    table.write_text(json.dumps({"zstd": _layout(RECIPES["zstd"])}))
    monkeypatch.setenv("STAND_IN_LAYOUT", str(table))
    env = {"PATH": f"{exe.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    assert cli("detect", "spack", "gcc", "make", env=env).rc == 0
    off = [a for p in cli("plugin", "list", "--json").json() if "zstd" in p["softs"]
           for a in ("-p", f"no:{p['name']}")]
    r = cli(*off, "install", "zstd", "--frontend", "spack", env=env, timeout=300)
    assert r.rc == 1 and "spec.json is not in" in r.err and "store" in r.err, r.err
