"""Where plugins come from, which win, how they are disabled, and the user plugin index.

Real plugin files in temporary folders; entry points are covered with a real pip-installed
package in test_authoring_example.py.
"""

from __future__ import annotations

import json
import textwrap

import pytest


def plugin(folder, name, soft, *, version_regex=r"^{soft} (?P<version>\S+)", extra="",
           marker=None):
    """Write a user plugin declaring one soft; ``marker``: a file it appends to on import."""
    folder.mkdir(parents=True, exist_ok=True)
    touch = (f"with open({str(marker)!r}, 'a') as f:\n    f.write({name!r} + '\\n')\n"
             if marker else "")
    path = folder / f"{name}.py"
    path.write_text(touch + textwrap.dedent(f'''
        from envmgr.detect.soft import Soft

        class Declared(Soft):
            name = {soft!r}
            summary = "declared by {name}"
            executables = [{soft!r}]
            version_regex = {version_regex.format(soft=soft)!r}
    ''') + textwrap.dedent(extra))
    return path


def rows(envmgr_run, *opts):
    return {r["name"]: r for r in envmgr_run(*opts, "plugin", "list", "--json")
            .assert_success().json()}


def imported(marker):
    return marker.read_text().split() if marker.exists() else []


def test_plugin_path_folder(tmp_path, envmgr_run, fake_tool, register_plugin):
    plugin(tmp_path / "site", "lab", "labtool")
    register_plugin(tmp_path / "site")
    fake_tool("labtool", "labtool 3.1\n")
    row = rows(envmgr_run)["lab"]
    assert row["origin"] == "user" and row["location"] == str(tmp_path / "site" / "lab.py")
    assert row["softs"] == ["labtool"]
    [entry] = envmgr_run("detect", "labtool", "--json").assert_success().json()
    assert entry["version"] == "3.1"


def test_config_dir_plugins_folder_and_config_plugin_paths(tmp_path, envmgr_home, envmgr_run):
    plugin(envmgr_home.plugins_dir, "mine", "minetool")
    plugin(tmp_path / "lab-plugins", "theirs", "theirtool")
    envmgr_home.write_config(f'plugin_paths = ["{tmp_path / "lab-plugins"}"]\n')
    found = rows(envmgr_run)
    assert found["mine"]["softs"] == ["minetool"]
    assert found["theirs"]["softs"] == ["theirtool"]
    out = envmgr_run("plugin", "list").assert_success().out
    assert f"user ({envmgr_home.plugins_dir / 'mine.py'})" in out


def test_a_path_entry_may_name_one_file(tmp_path, envmgr_run, register_plugin):
    path = plugin(tmp_path, "single", "singletool")
    plugin(tmp_path, "other", "othertool")
    register_plugin(path)
    found = rows(envmgr_run)
    assert "single" in found and "other" not in found


def test_tests_and_private_modules_are_not_plugins(tmp_path, envmgr_run, register_plugin):
    folder = tmp_path / "plugins"
    plugin(folder, "real", "realtool")
    for name in ("test_real.py", "_helpers.py", "conftest.py"):
        (folder / name).write_text("raise RuntimeError('not a plugin')\n")
    register_plugin(folder)
    r = envmgr_run("plugin", "list", "--json").assert_success()
    assert "real" in {row["name"] for row in r.json()}
    assert "warning" not in r.err


@pytest.mark.parametrize("how", ["flag", "config"])
def test_disabled_plugin_is_never_imported(how, tmp_path, envmgr_home, envmgr_run,
                                           register_plugin):
    marker = tmp_path / "imported"
    plugin(tmp_path / "p", "noisy", "noisytool", marker=marker)
    register_plugin(tmp_path / "p")
    opts = ["-p", "no:noisy"] if how == "flag" else []
    if how == "config":
        envmgr_home.write_config('disabled_plugins = ["noisy"]\n')
    row = rows(envmgr_run, *opts)["noisy"]
    assert row["disabled"] is True and row["origin"] == "user"
    r = envmgr_run(*opts, "detect", "noisytool")
    assert r.rc == 3 and "no soft 'noisytool'" in r.err
    assert imported(marker) == []


def test_disabling_an_unknown_plugin_is_reported(envmgr_run):
    row = rows(envmgr_run, "-p", "no:nosuchplugin")["nosuchplugin"]
    assert row["origin"] == "unknown" and "nothing to disable" in row["error"]


def test_user_soft_overrides_builtin(tmp_path, envmgr_run, fake_tool, register_plugin):
    plugin(tmp_path / "p", "mycmake", "cmake", version_regex=r"^patched cmake (?P<version>\S+)")
    register_plugin(tmp_path / "p")
    tool = fake_tool("cmake", "patched cmake 9.9.9\n")
    found = rows(envmgr_run)
    assert found["mycmake"]["overrides"] == ["tools.cmake:cmake"]
    assert found["tools.cmake"]["overridden_by"] == ["mycmake:cmake"]
    r = envmgr_run("detect", "cmake", "--json", "--no-default-paths", "--search-path",
                   tool.parent).assert_success()
    assert [e["version"] for e in r.json()] == ["9.9.9"]
    search = envmgr_run("search", "cmake", "--kind", "soft", "--json").assert_success().json()
    assert [(s["name"], s["summary"]) for s in search] == [("cmake", "declared by mycmake")]


def test_override_answers_to_the_builtin_aliases(tmp_path, envmgr_run, fake_tool,
                                                 register_plugin):
    plugin(tmp_path / "p", "myllvm", "llvm", version_regex=r"^my llvm (?P<version>\S+)")
    register_plugin(tmp_path / "p")
    tool = fake_tool("llvm", "my llvm 20.1\n")
    r = envmgr_run("detect", "clang", "--json", "--no-default-paths", "--search-path",
                   tool.parent).assert_success()
    assert [(e["soft"], e["version"]) for e in r.json()] == [("llvm", "20.1")]


def test_later_user_plugin_wins(tmp_path, envmgr_run, fake_tool, register_plugin):
    plugin(tmp_path / "first", "first", "dup", version_regex=r"^first (?P<version>\S+)")
    plugin(tmp_path / "second", "second", "dup", version_regex=r"^second (?P<version>\S+)")
    register_plugin(tmp_path / "second")  # ENVMGR_PLUGIN_PATH=first:second
    register_plugin(tmp_path / "first")
    tool = fake_tool("dup", outputs={"--version": "first 1.0\nsecond 2.0\n"})
    assert rows(envmgr_run)["second"]["overrides"] == ["first:dup"]
    r = envmgr_run("detect", "dup", "--json", "--no-default-paths", "--search-path",
                   tool.parent).assert_success()
    assert [e["version"] for e in r.json()] == ["2.0"]


def test_envmgr_plugins_names_modules(tmp_path, envmgr_run, fake_tool):
    plugin(tmp_path / "pkgs" / "site_softs", "declarations", "sitetool")
    (tmp_path / "pkgs" / "site_softs" / "__init__.py").write_text("")
    fake_tool("sitetool", "sitetool 0.4\n")
    r = envmgr_run.subprocess("detect", "sitetool", "--json", env={
        "ENVMGR_PLUGINS": "site_softs.declarations", "PYTHONPATH": str(tmp_path / "pkgs")})
    assert [e["version"] for e in r.assert_success().json()] == ["0.4"]


def test_user_plugins_are_indexed_and_imported_when_needed(tmp_path, envmgr_home, envmgr_run,
                                                           fake_tool, register_plugin):
    marker = tmp_path / "imported"
    a = plugin(tmp_path / "p", "a", "alpha", marker=marker)
    b = plugin(tmp_path / "p", "b", "beta", marker=marker)
    register_plugin(tmp_path / "p")
    fake_tool("alpha", "alpha 1.0\n")
    envmgr_run("detect", "alpha").assert_success()
    assert sorted(imported(marker)) == ["a", "b"]  # the first run indexes every file
    index = json.loads((envmgr_home.path / "cache" / "user-plugins.json").read_text())
    assert index["files"][str(b)]["softs"] == [["beta"]]
    marker.unlink()
    envmgr_run("detect", "alpha").assert_success()
    assert imported(marker) == ["a"]  # b declares nothing asked for: not imported
    marker.unlink()
    b.write_text(b.read_text().replace("declared by b", "declared by b, changed"))
    envmgr_run("detect", "alpha").assert_success()
    assert sorted(imported(marker)) == ["a", "b"]  # b changed: read again
    marker.unlink()
    assert a.exists() and rows(envmgr_run)["b"]["softs"] == ["beta"]
    assert sorted(imported(marker)) == ["a", "b"]  # `plugin list` shows everything


def test_plugins_with_hooks_are_always_loaded(tmp_path, envmgr_run, fake_tool, register_plugin):
    tool = fake_tool("hooked", "hooked 5.0\n", dir=tmp_path / "hidden" / "bin")
    plugin(tmp_path / "p", "hooky", "hooked", extra=f'''
        def envmgr_search_dirs(context):
            return [{str(tool.parent)!r}]
    ''')
    register_plugin(tmp_path / "p")
    for _ in range(2):  # the second run uses the index
        r = envmgr_run("detect", "hooked", "--json").assert_success()
        assert [e["version"] for e in r.json()] == ["5.0"]


def test_plugin_info(envmgr_run):
    r = envmgr_run("plugin", "info", "tools.cmake", "--json").assert_success()
    assert r.json()["softs"] == ["cmake"] and r.json()["origin"] == "builtin"
    out = envmgr_run("plugin", "info", "cmake").assert_success().out  # the last part will do
    assert "tools.cmake" in out and "plugins.tools.cmake" in out


@pytest.mark.parametrize("args, says, rc", [
    (["plugin", "info", "tools.cmak"], "no plugin 'tools.cmak'; did you mean 'tools.cmake'", 3),
    (["plugin"], "name a plugin command: list, info, new or check", 2),
    (["plugin", "check", "./nowhere/x.py"], "no such file or folder: ./nowhere/x.py", 3),
])
def test_bad_input_is_one_sentence(envmgr_run, args, says, rc):
    r = envmgr_run(*args)
    assert r.rc == rc and says in r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
