"""Lmod and Tcl modulefiles, loaded and unloaded by the real Lmod."""

from __future__ import annotations

import json
import os
import shutil

import export_helpers
import pytest
from export_helpers import LMOD_OWN, TCL_ODD, bash_envs, without

from envmgr.activate.envops import apply, ops_from_json

entries = export_helpers.entries  # the fixture, where pytest looks for it

LMOD_INIT = "/usr/share/lmod/lmod/init/bash"
needs_lmod = pytest.mark.skipif(not os.path.exists(LMOD_INIT) or not shutil.which("tclsh"),
                                reason="Lmod is not installed (apt-get install lmod)")


def _ops(cli, *args):
    r = cli("export", *args, "--format", "json")
    assert r.rc == 0, r.err
    return ops_from_json(r.json()["ops"])


def _base(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(LMOD_OWN)
           and not k.startswith(("LMOD", "MODULE", "GIZMO", "ENVMGR_SAVED"))}
    env.update(PATH="/usr/local/bin:/usr/bin:/bin", **extra)
    return env


def _load_unload(tree, name, env):
    before, loaded, after = bash_envs(
        f"source {LMOD_INIT}; module use '{tree}'; @ENV@ "
        f"module load {name} || exit 9; @ENV@ module unload {name}; @ENV@", env)
    return (without(before, LMOD_OWN), without(loaded, LMOD_OWN), without(after, LMOD_OWN))


@needs_lmod
def test_lmod_module_loads_the_plan_and_unloads_back_exactly(cli, entries, tmp_path):
    tree = tmp_path / "modules"
    tree.mkdir()
    r = cli("export", "--tags=gizmo,v1", "--tags=toycc", "--format", "lmod", "-o", str(tree))
    assert r.rc == 0, r.err
    assert r.out.strip() == str(tree / "gizmo/1.0.lua")
    ops = _ops(cli, "--tags=gizmo,v1", "--tags=toycc")
    # CC had a value before: unloading brings that value back, not nothing
    before, loaded, after = _load_unload(tree, "gizmo/1.0", _base(CC="cc-before"))
    assert loaded == apply(ops, before)
    assert loaded["GIZMO_OPTS"] == "a  b 'c' \"d\" $HOME `x` \\ ; & | *"
    assert after == before


@needs_lmod
@pytest.mark.parametrize("entries", [TCL_ODD], indirect=True)
def test_tcl_module_is_loaded_by_lmod_and_unloaded_back(cli, entries, tmp_path):
    tree = tmp_path / "modules"
    r = cli("export", "--tags=gizmo,v2", "--format", "tcl", "-o", f"{tree}/")
    assert r.rc == 0, r.err
    assert (tree / "gizmo/2.0").read_text().startswith("#%Module1.0\n")
    ops = _ops(cli, "--tags=gizmo,v2")
    before, loaded, after = _load_unload(tree, "gizmo/2.0", _base())
    assert loaded == apply(ops, before)
    assert after == before


@needs_lmod
def test_whole_home_module_tree_with_families_and_dependencies(cli, entries, tmp_path):
    from envmgr import Envmgr

    with Envmgr() as em:  # gizmo 2.0 needs toycc: its module loads toycc's first
        gizmo = em.select(["gizmo", "v2"]).entry
        gizmo.deps = [em.select(["toycc"]).entry.uid]
        em.registry.upsert([gizmo])
    tree = tmp_path / "tree"
    r = cli("export", "--all", "--format", "lmod", "-o", str(tree))
    assert r.rc == 0, r.err
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.lua")) == [
        "gizmo/1.0.lua", "gizmo/2.0.lua", "toycc/3.1.lua"]
    assert 'family("compiler")' in (tree / "toycc/3.1.lua").read_text()
    assert 'depends_on("toycc/3.1")' in (tree / "gizmo/2.0.lua").read_text()
    listed = tmp_path / "list"
    before, loaded, after = bash_envs(
        f"source {LMOD_INIT}; module use '{tree}'; @ENV@ module load gizmo/2.0 || exit 9; "
        f"module -t list > '{listed}' 2>&1; @ENV@ module unload gizmo/2.0; @ENV@", _base())
    assert set(listed.read_text().split()) == {"gizmo/2.0", "toycc/3.1"}
    assert without(after, LMOD_OWN) == without(before, LMOD_OWN)  # toycc went with it
    assert loaded["CC"] == str(entries["toycc-3.1"] / "bin/toycc")
    assert loaded["LMOD_FAMILY_COMPILER"] == "toycc"
    assert loaded["GIZMO_ROOT"] == str(entries["gizmo-2.0"])


def test_tcl_refuses_what_lmods_tcl_reader_would_change(cli, entries):
    r = cli("export", "--tags=gizmo", "--format", "tcl")
    assert r.rc == 2 and "Traceback" not in r.err
    assert "Lmod's Tcl reader" in r.err and "--format lmod" in r.err
    assert r.out == ""
    assert cli("export", "--tags=gizmo", "--format", "lmod").rc == 0  # Lua carries it


@needs_lmod
@pytest.mark.parametrize("entries", [TCL_ODD], indirect=True)
def test_module_avail_lists_the_tree(cli, entries, tmp_path):
    tree = tmp_path / "tree"
    assert cli("export", "--all", "--format", "tcl", "-o", str(tree)).rc == 0
    bash_envs(f"source {LMOD_INIT}; module use '{tree}'; "
              f"module -t avail > '{tmp_path}/avail' 2>&1", _base())
    names = (tmp_path / "avail").read_text().split()
    assert {"gizmo/1.0", "gizmo/2.0", "toycc/3.1"} <= set(names)


def test_module_tree_names_two_prefixes_of_one_version_apart(cli, entries, tmp_path):
    from conftest import write_tool

    other = tmp_path / "elsewhere/gizmo-1.0"
    write_tool(other / "bin/gizmo", 'echo "gizmo 1.0"\n')
    assert cli("detect", "gizmo", "--no-default-paths", "--search-path", str(other)).rc == 0
    r = cli("export", "--all", "--format", "json")
    names = sorted(m["name"] for m in json.loads(r.out)["modules"])
    assert names[0] == "gizmo/1.0" and names[1].startswith("gizmo/1.0-") and len(names) == 4
