"""One precedence for every command: a user plugin beats an entry point, which beats a
builtin, for ``detect NAME`` and ``detect --all`` alike, for softs and for hook order.

A real (fake-installed) distribution with an entry point, a real user plugin folder, real
``python -m envmgr`` processes.
"""

from __future__ import annotations

import os

import pytest

SOFT = '''
from envmgr.detect.soft import Soft

class Cmake(Soft):
    name = "cmake"
    summary = "cmake from the {who}"
    executables = [r"cmake"]
    version_regex = r"^{who} cmake (?P<version>\\S+)"

def envmgr_search_dirs(context):
    with open({log!r}, "a") as f:
        f.write("{who}\\n")
    return []
'''


@pytest.fixture
def world(tmp_path, envmgr_run, fake_tool):
    log = tmp_path / "calls"
    site = tmp_path / "site"
    dist = site / "epcmake-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: epcmake\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[envmgr]\nepcmake = epcmake_plugin\n")
    (site / "epcmake_plugin.py").write_text(SOFT.format(who="ep", log=str(log)))
    users = tmp_path / "user-plugins"
    users.mkdir()
    (users / "usercmake.py").write_text(SOFT.format(who="user", log=str(log)))
    tool = fake_tool("cmake", outputs={"--version": "cmake version 1.0\nep cmake 2.0\n"
                                                    "user cmake 3.0\n"})
    envmgr_run.env.update({
        "ENVMGR_PLUGIN_PATH": str(users), "ENVMGR_DISABLE_PLUGIN_AUTOLOAD": "",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])),
    })

    def detect(opts=(), args=("cmake",)):
        log.unlink(missing_ok=True)
        # default paths too: hooks add to them (the machine's own cmake is left out below)
        r = envmgr_run.subprocess(*opts, "detect", *args, "--json", "--dry-run",
                                  "--search-path", str(tool.parent))
        r.assert_success()
        versions = [e["version"] for e in r.json()
                    if e["soft"] == "cmake" and e["prefix"] == str(tool.parent.parent)]
        calls = log.read_text().split() if log.exists() else []
        return versions, calls, r

    return detect


@pytest.mark.parametrize("disabled, version, calls", [
    ((), "3.0", ["user", "ep"]),
    (("usercmake",), "2.0", ["ep"]),
    (("usercmake", "epcmake"), "1.0", []),
])
def test_detect_name_and_all_agree(world, disabled, version, calls):
    opts = [a for name in disabled for a in ("-p", f"no:{name}")]
    for args in (["cmake"], ["--all"], ["cmake"]):  # the last run: from the caches
        versions, order, r = world(opts, args)
        assert versions == [version], (args, r.err)
        assert order == calls, (args, r.err)
        assert "warning" not in r.err, r.err


def test_search_and_plugin_list_say_the_same(world, envmgr_run):
    world()  # fills the caches
    search = envmgr_run.subprocess("search", "cmake", "--kind", "soft",
                                   "--json").assert_success().json()
    assert [(s["name"], s["plugin"]) for s in search] == [("cmake", "usercmake")]
    rows = {r["name"]: r for r in
            envmgr_run.subprocess("plugin", "list", "--json").assert_success().json()}
    assert rows["tools.cmake"]["overridden_by"] == ["epcmake:cmake"]
    assert rows["epcmake"]["overrides"] == ["tools.cmake:cmake"]
    assert rows["usercmake"]["overrides"] == ["epcmake:cmake"]
    assert rows["epcmake"]["origin"] == "entrypoint"
    assert rows["epcmake"]["distribution"] == "epcmake 1.0"
