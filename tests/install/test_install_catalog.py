"""The recipe index of the catalogue, and the transaction driven in process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from envmgr.api import Envmgr
from envmgr.catalog import recipes as recipes_mod
from envmgr.catalog.recipes import RecipeFolders
from envmgr.install.frontend import Frontend, Provided
from envmgr.install.recipe import load_recipe, parse_recipe
from envmgr.install.resolver import Request, resolve
from envmgr.install.transaction import Installer, clean, staging_name

RECIPE = """schema_version = 1
name = "{name}"
summary = "{summary}"
tags = ["{name}"]
[[versions]]
version = "1.0"
sources = []
[frontend]
name = "{frontend}"
"""


def write(folder: Path, name: str, summary: str = "a recipe", frontend: str = "download") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(RECIPE.format(name=name, summary=summary, frontend=frontend))
    return path


def test_builtin_recipes_are_real_and_valid(home):
    em = Envmgr()
    index = em.catalog.recipes
    assert {"py-six", "model-mobilenet"} <= set(index.names())
    for name in ("py-six", "model-mobilenet"):
        info = index.info(name)
        assert info["origin"] == "builtin"
        recipe = load_recipe(info["path"])  # validates against the schema
        assert recipe.name == name
        for version in recipe.versions:
            # the default build: model-mobilenet's sources are conditional on its variants
            for src in recipe.select(version.version).sources:
                assert src.sha256 and src.url.startswith("https://") and src.size


def test_user_folders_win_by_name_in_order(home, tmp_path, monkeypatch):
    env_dir, cfg_dir = tmp_path / "env-recipes", tmp_path / "config" / "recipes"
    write(env_dir, "py-six", "from ENVMGR_RECIPE_PATH")
    write(env_dir, "only-env")
    write(cfg_dir, "only-env", "from the config dir")
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(env_dir))
    index = Envmgr().catalog.recipes
    assert index.info("py-six")["summary"] == "from ENVMGR_RECIPE_PATH"
    assert index.info("py-six")["origin"] == "user"
    assert index.info("only-env")["summary"] == "from the config dir"
    assert {s["path"] for s in index.shadowed} >= {str(env_dir / "only-env.toml")}
    assert any(s["origin"] == "builtin" and s["name"] == "py-six" for s in index.shadowed)
    # plugin folders sit between builtin and user ones
    plugin_dir = tmp_path / "plugin-recipes"
    write(plugin_dir, "only-plugin", "from a plugin")
    write(plugin_dir, "only-env", "from a plugin")
    index.set_plugin_dirs([str(plugin_dir)])
    assert index.info("only-plugin")["origin"] == "plugin"
    assert index.info("only-env")["summary"] == "from the config dir"


def test_the_index_is_cached_by_file_stat(home, tmp_path, monkeypatch):
    folder = tmp_path / "r"
    write(folder, "tool", "first")
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(folder))
    assert RecipeFolders(Envmgr().config).info("tool")["summary"] == "first"
    assert (home / "cache" / "recipes.json").is_file()

    def boom(path: str) -> dict:
        raise AssertionError(f"{path} parsed again")

    with monkeypatch.context() as m:
        m.setattr(recipes_mod, "_summary", boom)
        assert RecipeFolders(Envmgr().config).info("tool")["summary"] == "first"
    write(folder, "tool", "second, and longer")
    assert RecipeFolders(Envmgr().config).info("tool")["summary"] == "second, and longer"


def test_a_plugin_adds_a_recipe_folder_through_the_hook(cli, tmp_path):
    folder = tmp_path / "plugin-recipes"
    write(folder, "from-plugin", "shipped by a plugin")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "recipe_dirs.py").write_text(
        "from envmgr import hookimpl\n\n@hookimpl\ndef envmgr_recipe_dirs():\n"
        f"    return [{str(folder)!r}]\n")
    r = cli("install", "from-plugin", "--dry-run", env={"ENVMGR_PLUGIN_PATH": str(plugins)})
    assert r.rc == 0, r.err
    assert r.out.startswith("install from-plugin@1.0 with download")


# ---------------------------------------------------------------- the transaction in process


class Interrupting(Frontend):
    name = "interrupting"

    def install(self, build, staging, context):  # type: ignore[no-untyped-def]
        (staging / "half").write_text("x")
        raise KeyboardInterrupt


class Writing(Frontend):
    name = "writing"

    def install(self, build, staging, context):  # type: ignore[no-untyped-def]
        (staging / "bin").mkdir()
        (staging / "bin" / "tool").write_text("#!/bin/sh\nexit 0\n")
        (staging / "bin" / "tool").chmod(0o755)
        return Provided(attrs={"seen_prefix": str(context.prefix)})


def _plan(home: Path, frontend: str):
    recipe = parse_recipe({
        "schema_version": 1, "name": "tool", "summary": "t", "frontend": {"name": frontend},
        "versions": [{"version": "2.0", "sources": []}],
        "provides": {"bin": ["bin"]}, "tests": {"commands": [["tool"]]},
    })
    return resolve([Request(name="tool")], [recipe], home=home)


def test_ctrl_c_inside_a_front_end_leaves_nothing(home):
    em = Envmgr()
    inst = Installer(em.registry, em.config.home, {"interrupting": Interrupting()})
    with pytest.raises(KeyboardInterrupt):
        inst.execute(_plan(Path(em.config.home), "interrupting"))
    root = Path(em.config.home) / "install"
    assert [p.name for p in root.iterdir()] == [".locks"]
    assert em.registry.count() == 0


def test_the_front_end_builds_for_the_final_prefix_and_the_entry_follows(home):
    em = Envmgr()
    plan = _plan(Path(em.config.home), "writing")
    [outcome] = Installer(em.registry, em.config.home, {"writing": Writing()}).execute(plan)
    entry = em.registry.get(outcome.entry.uid)
    assert entry is not None and entry.prefix == plan.installs()[0].target
    assert entry.attrs["seen_prefix"] == entry.prefix
    assert entry.paths["bin"] == [os.path.join(entry.prefix, "bin")]


def test_clean_removes_staging_of_dead_processes_only(home):
    em = Envmgr()
    root = Path(em.config.home) / "install"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = staging_name("x").split("-")[2]  # .staging-x-HOST-PID
    gone = root / f".staging-tool-2.0-abc-{host}-{dead.pid}"
    mine = root / f".staging-tool-2.0-abc-{host}-{os.getpid()}"
    orphan = root / "tool-2.0-abc"
    for p in (gone, mine, orphan):
        p.mkdir(parents=True)
    assert sorted(clean(em.config.home, em.registry, dry_run=True)) == sorted(
        [str(gone), str(orphan)])
    assert gone.exists()
    clean(em.config.home, em.registry)
    assert not gone.exists() and not orphan.exists() and mine.exists()


PICKER = '''
from envmgr import hookimpl
from envmgr.install.frontend import Frontend, Provided


class Copier(Frontend):
    name = "copier"

    def plan_notes(self, build):
        return ["copied by a plugin"]

    def install(self, build, staging, context):
        (staging / "made-by-copier").write_text(build.name + "\\n")
        return Provided()


@hookimpl
def envmgr_register_frontends(frontends):
    frontends.add("copier", Copier())


@hookimpl
def envmgr_pick_frontend(spec, frontends):
    if spec.name == "picked":
        return "copier"
    if spec.name == "nowhere":
        return "no-such-frontend"
    return None
'''


def test_a_plugin_picks_the_front_end_of_a_request(cli, home, tmp_path, monkeypatch):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "picker.py").write_text(PICKER)
    recipes = tmp_path / "recipes"
    for name in ("picked", "nowhere"):
        write(recipes, name)
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(plugins))
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    r = cli("install", "picked", "--dry-run", "--json")
    assert r.rc == 0, r.err
    [step] = r.json()["steps"]
    assert step["frontend"] == "copier" and step["notes"] == ["copied by a plugin"]
    # --frontend wins over the plugin
    r = cli("install", "picked", "--frontend", "download", "--dry-run", "--json")
    assert r.json()["steps"][0]["frontend"] == "download"
    r = cli("install", "nowhere", "--dry-run", "--json")
    assert r.rc == 0 and r.json()["steps"][0]["frontend"] == "download"
    assert "picked the front-end 'no-such-frontend'" in r.err
    r = cli("install", "picked")
    assert r.rc == 0, r.err
    [e] = cli("list", "--tags=picked", "--json").json()
    assert (Path(e["prefix"]) / "made-by-copier").read_text() == "picked\n"
