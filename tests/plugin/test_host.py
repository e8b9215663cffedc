"""The plugin host: plugin output, wrapped hooks, shadowed plugins, guarded entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import child_env, write_tool

from envmgr.catalog import builtin as catalog
from envmgr.config import Config
from envmgr.plugin.host import Host

# -- 5, 7, 9. the plugin host: stdout, wrapped hooks, shadowed plugins ---------------------

GOOD = '''
from envmgr.detect.soft import Soft

class Good(Soft):
    name = "goodtool"
    executables = [r"goodtool"]
    version_regex = r"^goodtool (?P<version>\\S+)"
'''


def test_plugin_output_never_reaches_stdout(tmp_path, envmgr_run):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "good.py").write_text(GOOD)
    (plugins / "chatty.py").write_text(textwrap.dedent('''
        print("hello from import")

        def envmgr_search_dirs(context):
            print("hello from a hook")
            return []
    '''))
    write_tool(tmp_path / "bin" / "goodtool", 'echo "goodtool 2.0"\n')
    envmgr_run.env["ENVMGR_PLUGIN_PATH"] = str(plugins)
    r = envmgr_run.subprocess("detect", "goodtool", "--json", "--search-path",
                              str(tmp_path / "bin"))
    r.assert_success()
    assert [e["version"] for e in json.loads(r.out)] == ["2.0"]  # stdout is the JSON alone
    assert "hello from import" in r.err and "hello from a hook" in r.err
    warnings = [ln for ln in r.err.splitlines() if "printed to stdout" in ln]
    assert len(warnings) == 1 and "'chatty'" in warnings[0], r.err


def test_wrapped_hookimpl_gets_its_arguments(tmp_path, envmgr_run):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "good.py").write_text(GOOD)
    hidden = tmp_path / "hidden"
    write_tool(hidden / "goodtool", 'echo "goodtool 3.1"\n')
    (plugins / "wrapped.py").write_text(textwrap.dedent(f'''
        import functools

        def logged(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                return fn(*args, **kwargs)
            return wrapper

        @logged
        def envmgr_search_dirs(context):
            assert "goodtool" in context.softs
            return [{str(hidden)!r}]
    '''))
    envmgr_run.env["ENVMGR_PLUGIN_PATH"] = str(plugins)
    r = envmgr_run.subprocess("detect", "goodtool", "--json").assert_success()
    assert "warning" not in r.err, r.err
    assert [e["version"] for e in json.loads(r.out)] == ["3.1"]


def test_a_plugin_of_a_taken_name_is_shadowed_and_listed(tmp_path, envmgr_run):
    first, second = tmp_path / "first", tmp_path / "second"
    for d, version in ((first, "1"), (second, "2")):
        d.mkdir()
        (d / "mytool.py").write_text(GOOD.replace("goodtool", f"tool{version}"))
    envmgr_run.env["ENVMGR_PLUGIN_PATH"] = os.pathsep.join([str(first), str(second)])
    r = envmgr_run.subprocess("plugin", "list", "--json").assert_success()
    rows = [row for row in json.loads(r.out) if row["name"] == "mytool"]
    assert [(row["location"], row["shadowed_by"]) for row in rows] == [
        (str(first / "mytool.py"), ""), (str(second / "mytool.py"), str(first / "mytool.py"))]
    warnings = [ln for ln in r.err.splitlines() if "shadowed" in ln]
    assert len(warnings) == 1 and str(second / "mytool.py") in warnings[0], r.err
    text = envmgr_run.subprocess("plugin", "list").assert_success().out
    assert f"shadowed by {first / 'mytool.py'}" in text
    info = envmgr_run.subprocess("plugin", "info", "mytool", "--json").assert_success()
    assert json.loads(info.out)["location"] == str(first / "mytool.py")


# -- 6. entry points are imported guarded, also on a cache miss ---------------------------


@pytest.mark.parametrize("body, label", [
    ("raise SystemExit(3)\n", "exits"),
    ("import time\ntime.sleep(60)\n", "hangs"),
    ("print('noise on stdout')\ndef envmgr_platform(info):\n    pass\n", "prints"),
])
def test_entry_point_scan_survives_a_bad_plugin(tmp_path, body, label):
    site = tmp_path / "site"
    (site / "badplug-1.0.dist-info").mkdir(parents=True)
    (site / "badplug-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: badplug\nVersion: 1.0\n")
    (site / "badplug-1.0.dist-info" / "entry_points.txt").write_text("[envmgr]\nbad = badplug\n")
    (site / "badplug.py").write_text(body)
    code = ("import json, sys; from envmgr.plugin.entrypoints import entry_point_hooks; "
            "print(json.dumps(entry_point_hooks(sys.argv[1]))); "
            "print('pluggy' in sys.modules, file=sys.stderr)")
    env = child_env(ENVMGR_PLUGIN_TIMEOUT="1")
    env["PYTHONPATH"] += os.pathsep + str(site)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "cache")], env=env,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - start < 15
    hooks = json.loads(proc.stdout)  # nothing else on stdout
    assert hooks["bad"] == (["envmgr_platform"] if label == "prints" else ["*"])
    assert proc.stderr.splitlines()[-1] == "False"  # pluggy was not imported
    if label == "prints":
        assert "noise on stdout" in proc.stderr and "plugin 'bad' printed" in proc.stderr


# -- 8. loading the plugins of one hook ---------------------------------------------------


def test_load_for_hook(tmp_path, monkeypatch):
    pkg = tmp_path / "pkgs"
    pkg.mkdir()
    (pkg / "envmgr_test_platform_hook.py").write_text("def envmgr_platform(info):\n    pass\n")
    monkeypatch.syspath_prepend(str(pkg))
    index = dict(catalog.load_index())
    index["modules"] = {**index["modules"], "test.platform": {
        "module": "envmgr_test_platform_hook", "softs": [], "hooks": ["envmgr_platform"]}}
    monkeypatch.setattr(catalog, "_cache", index)
    monkeypatch.setattr(catalog, "_hooks_cache", catalog.build_hooks(index))
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(tmp_path / "no-plugins"))
    monkeypatch.setenv("ENVMGR_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.delenv("ENVMGR_PLUGINS", raising=False)
    host = Host(Config(str(tmp_path / "home"), str(tmp_path / "config")))
    assert host.load_for_hook("envmgr_shell_env") is False
    assert not host._external_loaded  # no external plugin can implement it: none imported
    assert host.load_for_hook("envmgr_platform") is True
    assert list(host.plugins) == ["test.platform"]


def test_hooks_map_is_its_own_file_and_matches_the_index():
    index = catalog.build_index()
    assert "hooks" not in index  # the shell path reads the small file alone
    derived: dict[str, list[str]] = {}
    for name, meta in index["modules"].items():
        for h in meta["hooks"]:
            derived.setdefault(h, []).append(name)
    on_disk = json.loads(Path(catalog.hooks_path()).read_text())
    assert on_disk["hooks"] == {h: sorted(v) for h, v in derived.items()}
