"""The catalogue: one precedence rule, one treatment of disabled plugins, cached indexes
written atomically."""

from __future__ import annotations

import importlib.metadata
import json
import os
import sys

import pytest

from envmgr._atomic import write_json
from envmgr.catalog import builtin
from envmgr.catalog.core import Catalog
from envmgr.catalog.rule import winners
from envmgr.config import load_config


def test_later_wins_and_an_override_takes_the_aliases_of_what_it_replaces():
    table = winners([
        ("compilers.llvm", [["llvm", "clang", "clang++"]]),
        ("mine", [["llvm"]]),
        ("theirs", [["clangd", "clang++"]]),  # claims one alias itself
    ])
    assert table["llvm"] == ("mine", "llvm") and table["clang"] == ("mine", "llvm")
    assert table["clang++"] == ("theirs", "clangd")


def test_a_soft_made_by_a_builtins_envmgr_softs_is_in_the_index(tmp_path, monkeypatch):
    pkg = tmp_path / "fakebuiltins"
    (pkg / "gen").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "gen" / "__init__.py").write_text("")
    (pkg / "gen" / "made.py").write_text(
        "from envmgr.detect.soft import Soft\n"
        "def envmgr_softs():\n"
        "    return [type('Made', (Soft,), {'name': 'madetool', 'executables': ['madetool']})]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(builtin, "_package", "fakebuiltins")
    index = builtin.build_index()
    assert [s["name"] for s in index["modules"]["gen.made"]["softs"]] == ["madetool"]
    assert index["softs"]["madetool"] == "gen.made"
    assert builtin.build_hooks(index) == {"envmgr_softs": ["gen.made"]}


def _entry_point_site(tmp_path):
    site = tmp_path / "site"
    dist = site / "cachedplug-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: cachedplug\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[envmgr]\ncached = cachedplug_mod\n")
    (site / "cachedplug_mod.py").write_text("")
    return site


def test_entry_points_are_scanned_once_per_set_of_installed_distributions(
        tmp_path, monkeypatch, envmgr_home):
    site = _entry_point_site(tmp_path)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("ENVMGR_DISABLE_PLUGIN_AUTOLOAD")
    config = load_config()
    # other installed plugins (CI installs the example plugin) may be there too
    assert "cached" in [r.name for r in Catalog(config).external_refs()]
    Catalog(config).entry_points().save()

    def no_scan(**kw):
        raise AssertionError("entry_points() scanned although nothing was installed")

    monkeypatch.setattr(importlib.metadata, "entry_points", no_scan)
    refs = Catalog(config).external_refs()
    assert ("cached", "cachedplug 1.0") in [(r.name, r.distribution) for r in refs]
    # installing (here: a new dist-info dir) changes the key: scanned again
    (site / "other-2.0.dist-info").mkdir()
    with pytest.raises(AssertionError, match="scanned"):
        Catalog(config).external_refs()


def test_a_disabled_plugin_is_left_out_everywhere(envmgr_run):
    r = envmgr_run("-p", "no:tools.cmake", "search", "cmake", "--json").assert_success()
    # the soft is gone; the cmake recipe (what install can make) is no plugin's
    assert [i for i in r.json() if i["kind"] == "soft"] == []
    rows = {row["name"]: row for row in
            envmgr_run("-p", "no:tools.cmake", "plugin", "list", "--json").json()}
    assert rows["tools.cmake"]["disabled"] is True
    r = envmgr_run("-p", "no:tools.cmake", "detect", "cmake")
    assert r.rc == 3 and "comes from plugin 'tools.cmake', which is disabled" in r.err
    assert "-p no:tools.cmake" in r.err


def test_the_shell_path_reads_only_the_small_hooks_file(envmgr_home, monkeypatch):
    def no_index():
        raise AssertionError("the whole builtin index was parsed")

    monkeypatch.setattr(builtin, "_hooks_cache", None)
    monkeypatch.setattr(builtin, "load_index", no_index)
    catalog = Catalog(load_config(), external=False)
    assert catalog.possible("envmgr_shell_env") is False


def test_atomic_write_replaces_whole_and_leaves_nothing_behind(tmp_path):
    path = tmp_path / "deep" / "index.json"
    write_json(path, {"a": 1})
    write_json(path, {"a": 2}, indent=1)
    assert json.loads(path.read_text()) == {"a": 2}
    with pytest.raises(TypeError):
        write_json(path, {"a": object()})  # fails before anything is written
    assert json.loads(path.read_text()) == {"a": 2}
    assert os.listdir(path.parent) == ["index.json"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only dirs")
def test_atomic_write_into_a_read_only_dir_keeps_the_old_file(tmp_path):
    path = tmp_path / "index.json"
    write_json(path, {"a": 1})
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OSError):
            write_json(path, {"a": 2})
    finally:
        tmp_path.chmod(0o700)
    assert json.loads(path.read_text()) == {"a": 1}
    assert os.listdir(tmp_path) == ["index.json"]


def test_user_index_records_what_files_declare(tmp_path, envmgr_home, monkeypatch):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "declares.py").write_text(
        "from envmgr.detect.soft import Soft\n"
        "class D(Soft):\n    name = 'dtool'\n    aliases = ['dt']\n    executables = ['dtool']\n")
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(folder))
    from envmgr.plugin.host import Host

    config = load_config()
    host = Host(config)
    assert host.resolve_soft("dt").name == "dtool"
    fresh = Catalog(load_config())
    [ref] = fresh.external_refs()
    assert ref.softs == [["dtool", "dt"]] and ref.deferrable  # known without importing
    assert fresh.resolve("dt")[1] == "dtool"
    assert "envmgr_user.declares" in sys.modules  # (imported by the first host only)
