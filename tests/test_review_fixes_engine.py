"""Review fixes in the engine and plugin host: real processes, files and plugin folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, write_tool

from envmgr.authoring import cases, check
from envmgr.catalog import builtin as catalog
from envmgr.config import Config
from envmgr.detect import engine as detect
from envmgr.detect import soft
from envmgr.detect import syspaths as _paths
from envmgr.detect.engine import Explain, ProbeCache
from envmgr.detect.soft import Candidate, Soft, entry_tags
from envmgr.plugin.host import Host


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def _run_detect(softs, *dirs, cache=None):
    return detect.detect(softs, [(str(d), "test") for d in dirs], cache or ProbeCache(None),
                         Explain(True), soft_dirs=False)


class Flaky(Soft):
    name = "flakytool"
    executables = [r"flakytool"]
    version_regex = r"^flakytool (\S+)"
    timeout = 1


# -- 1. a failed probe is no answer: the entry it would supersede stays -----------------


def test_timed_out_probe_is_not_probed(tmp_path):
    mode = tmp_path / "hang"
    tool = write_tool(tmp_path / "bin" / "flakytool",
                      f'[ -e "{mode}" ] && sleep 5\necho "flakytool 1.0"\n')
    result = _run_detect([Flaky], tmp_path / "bin")
    assert [f.version for f in result.found] == ["1.0"]
    assert result.probed["flakytool"] == {str(tool)}
    mode.touch()
    result = _run_detect([Flaky], tmp_path / "bin")
    assert result.found == []
    assert result.probed["flakytool"] == set()  # no answer: nothing superseded
    assert any("did not finish" in w or "timed out" in w for w in result.warnings), result.warnings


def test_hung_probe_does_not_mark_the_entry_stale(cli, tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "flaky.py").write_text(textwrap.dedent('''
        from envmgr.detect.soft import Soft

        class Flaky(Soft):
            name = "flakytool"
            executables = [r"flakytool"]
            version_regex = r"^flakytool (\\S+)"
            timeout = 1
    '''))
    mode = tmp_path / "hang"
    tool = write_tool(tmp_path / "prefix" / "bin" / "flakytool",
                      f'[ -e "{mode}" ] && sleep 5\necho "flakytool 1.0"\n')
    env = {"ENVMGR_PLUGIN_PATH": str(plugins)}
    args = ("detect", "flakytool", "--search-path", str(tmp_path / "prefix"))
    r = cli(*args, env=env)
    assert r.rc == 0 and "1 new" in r.out, (r.out, r.err)
    mode.touch()
    os.utime(tool, (time.time() + 5, time.time() + 5))  # another stat: probed again, hangs
    r = cli(*args, env=env)
    assert "did not finish within 1s" in r.err or "timed out" in r.err, r.err
    assert "stale" not in r.out, r.out
    entries = cli("list", "--json", env=env).json()
    assert [(e["soft"], e["version"], e["stale"]) for e in entries] == [("flakytool", "1.0", False)]


# -- 2. the probe cache: concurrent runs, threads, errors, pruning ----------------------

_WORKER = '''
import os, sys, time
from envmgr.detect.engine import Explain, ProbeCache, detect
from envmgr.detect.soft import Soft

name, bindir, cache_path, go = sys.argv[1:5]
cls = type("T", (Soft,), {"name": name, "executables": [name], "version_regex": r"(\\S+)$"})
cache = ProbeCache(cache_path)  # every process reads the file before any has saved
open(go + "." + name, "w").close()
while not os.path.exists(go):
    time.sleep(0.01)
result = detect([cls], [(bindir, "test")], cache, Explain(), soft_dirs=False)
assert [f.version for f in result.found] == ["1." + name[-1]], result.warnings
'''


def test_concurrent_detects_keep_every_result(tmp_path):
    cache_path = tmp_path / "home" / "cache" / "probes.json"
    go = tmp_path / "go"
    script = tmp_path / "worker.py"
    script.write_text(_WORKER)
    names = [f"tool{i}" for i in range(6)]
    procs = []
    for name in names:
        write_tool(tmp_path / name / name, f'echo "{name} 1.{name[-1]}"\n')
        procs.append(subprocess.Popen(
            [sys.executable, str(script), name, str(tmp_path / name), str(cache_path), str(go)],
            env=_env(), stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 60
    while not all(Path(f"{go}.{n}").exists() for n in names):
        assert time.monotonic() < deadline, "workers did not start"
        assert all(p.poll() is None for p in procs), [p.stderr.read() for p in procs if p.stderr]
        time.sleep(0.01)
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    probes = json.loads(cache_path.read_text())["probes"]
    assert sorted(k.split("\0")[0] for k in probes) == names
    assert all(v["ok"]["version"] == "1." + k.split("\0")[0][-1] for k, v in probes.items())


def test_cache_save_copes_with_puts_errors_and_prunes(tmp_path):
    keep = write_tool(tmp_path / "bin" / "keeptool", "echo keeptool 1\n")
    gone = write_tool(tmp_path / "bin" / "gonetool", "echo gonetool 1\n")
    path = tmp_path / "cache" / "probes.json"
    cache = ProbeCache(str(path))
    kinds = {}
    for tool in (keep, gone):
        cls = type("T", (Soft,), {"name": tool.name, "executables": [tool.name]})
        kinds[tool.name] = ProbeCache.key(cls, Candidate(str(tool), str(tool)))
        cache.put(kinds[tool.name], {"ok": {"version": "1"}})
    for i in range(5000):
        cache.put(f"x\0fp\0{tmp_path}/old{i}\0 1\0 1", {"reject": "no"})
    done = threading.Event()

    def hammer() -> None:  # an abandoned probe thread putting while save() dumps
        for i in range(100000):
            if done.is_set():
                return
            cache.put(f"x\0fp\0{tmp_path}/new{i}\0 1\0 1", {"reject": "no"})
            if i % 20 == 0:
                time.sleep(0.0001)

    t = threading.Thread(target=hammer, daemon=True)
    t.start()
    try:
        for _ in range(5):
            cache.dirty = True
            cache.save()
    finally:
        done.set()
        t.join()
    gone.unlink()
    cache.dirty = True
    cache.save()
    probes = json.loads(path.read_text())["probes"]
    assert list(probes) == [kinds["keeptool"]]  # vanished files' results dropped
    # an unwritable cache dir loses the results, never the detection
    blocked = ProbeCache(str(tmp_path / "afile" / "cache" / "probes.json"))
    (tmp_path / "afile").write_text("")
    blocked.put(kinds["keeptool"], {"ok": {"version": "1"}})
    blocked.save()


# -- 3. probe workers end with the run ----------------------------------------------------


def _probe_threads() -> int:
    return sum(t.name == "envmgr-probe" and t.is_alive() for t in threading.enumerate())


def test_probe_workers_stop_after_each_run(tmp_path):
    write_tool(tmp_path / "bin" / "flakytool", 'echo "flakytool 1.0"\n')
    before = _probe_threads()
    for _ in range(3):
        assert _run_detect([Flaky], tmp_path / "bin").found
    deadline = time.monotonic() + 5
    while _probe_threads() > before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _probe_threads() == before


# -- 4. a free-threaded python is its own installation -------------------------------


def test_free_threaded_python_beside_the_default_build(tmp_path):
    from plugins.languages.python import Python

    prefix = tmp_path / "py"
    for name, abi in (("python3.13", "cpython-313-x86_64-linux-gnu"),
                      ("python3.13t", "cpython-313t-x86_64-linux-gnu")):
        write_tool(prefix / "bin" / name,
                   f"printf 'envmgr-python\\n3.13.0\\n{prefix}\\n{prefix}\\n{abi}\\nCPython\\n'\n")
    result = _run_detect([Python], prefix / "bin")
    got = sorted((f.candidate.name, f.prefix, f.attrs.get("variant")) for f in result.found)
    assert got == [("python3.13", str(prefix), None), ("python3.13t", str(prefix), "t")]


def test_python_variant_from_the_abi_tag():
    from plugins.languages.python import _variant

    assert _variant("cpython-313t-x86_64-linux-gnu") == "t"
    assert _variant("cp313t-win_amd64") == "t"
    assert _variant("cpython-311d-x86_64-linux-gnu") == "d"
    assert _variant("cpython-37m-x86_64-linux-gnu") == ""  # pymalloc: the default build
    assert _variant("cp27") == ""
    assert _variant("pypy310-pp73-x86_64-linux-gnu") == ""


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
    env = _env(ENVMGR_PLUGIN_TIMEOUT="1")
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
    index["hooks"] = {**index["hooks"], "envmgr_platform": ["test.platform"]}
    monkeypatch.setattr(catalog, "_cache", index)
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(tmp_path / "no-plugins"))
    monkeypatch.setenv("ENVMGR_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.delenv("ENVMGR_PLUGINS", raising=False)
    host = Host(Config(str(tmp_path / "home"), str(tmp_path / "config")))
    assert host.load_for_hook("envmgr_shell_env") is False
    assert not host._external_loaded  # no external plugin can implement it: none imported
    assert host.load_for_hook("envmgr_platform") is True
    assert list(host.plugins) == ["test.platform"]


def test_index_maps_hooks_to_plugins():
    index = catalog.build_index()
    derived: dict[str, list[str]] = {}
    for name, meta in index["modules"].items():
        for h in meta["hooks"]:
            derived.setdefault(h, []).append(name)
    assert index["hooks"] == {h: sorted(v) for h, v in derived.items()}
    assert json.loads(Path(catalog.index_path()).read_text())["hooks"] == index["hooks"]


# -- 10. decisions that depend on other files are never cached ----------------------------


def test_llvm_config_beside_a_clang_is_decided_on_every_run(tmp_path):
    from plugins.compilers.llvm import LLVM

    bindir = tmp_path / "llvm" / "bin"
    write_tool(bindir / "llvm-config", 'echo "16.0.6"\necho "x86_64-pc-linux-gnu"\n')
    clang = write_tool(bindir / "clang", 'echo "clang version 16.0.6"\n')
    cache = ProbeCache(str(tmp_path / "probes.json"))
    result = _run_detect([LLVM], bindir, cache=cache)
    assert [f.candidate.name for f in result.found] == ["clang"]
    assert any("reject" in ln and "llvm-config beside a clang" in ln for ln in result.explain.lines)
    clang.unlink()
    cache = ProbeCache(str(tmp_path / "probes.json"))
    result = _run_detect([LLVM], bindir, cache=cache)
    assert [(f.candidate.name, f.version) for f in result.found] == [("llvm-config", "16.0.6")]


class Dataset(Soft):
    name = "testdata"
    markers = ["MARK"]
    version_file = "VERSION"


def test_a_marker_dirs_version_file_is_part_of_the_cache_key(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "MARK").write_text("")
    (data / "VERSION").write_text("1.0\n")
    path = str(tmp_path / "probes.json")
    assert [f.version for f in _run_detect([Dataset], data, cache=ProbeCache(path)).found] == [
        "1.0"]
    mtime = os.stat(data).st_mtime_ns
    (data / "VERSION").write_text("2.0.1\n")
    assert os.stat(data).st_mtime_ns == mtime  # the dir itself is unchanged
    result = _run_detect([Dataset], data, cache=ProbeCache(path))
    assert [f.version for f in result.found] == ["2.0.1"]
    assert "(cached)" not in " ".join(result.explain.lines)


# -- 11. EasyBuild's EB_PYTHON only from a dir of its own ---------------------------------


def test_easybuild_python_only_from_its_own_prefix(tmp_path):
    from plugins.package_managers.easybuild import EasyBuild

    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    python = write_tool(venv / "bin" / "python3", "exit 0\n")
    write_tool(venv / "bin" / "eb",
               'echo "This is EasyBuild 5.4.1 (framework: 5.4.1, easyblocks: 5.4.1) on host x."\n'
               'echo "EB_PYTHON=$EB_PYTHON"\n')
    [found] = _run_detect([EasyBuild], venv / "bin").found
    assert found.env["EB_PYTHON"] == str(python)
    assert EasyBuild.own_python(Candidate(str(venv / "bin" / "eb"), str(venv / "bin" / "eb"))) \
        == str(python)
    for shared in ("/usr/bin/eb", "/usr/local/bin/eb", "/bin/eb"):
        assert EasyBuild.own_python(Candidate(shared, shared)) is None


# -- 12. one helper for each thing --------------------------------------------------------


def test_dead_code_is_gone_and_helpers_are_shared():
    assert not hasattr(detect, "system_prefix")
    assert not hasattr(cases, "soft_class") and not hasattr(cases, "_sh_quote")
    assert soft.SYSTEM_PREFIXES is _paths.SYSTEM_PREFIXES
    assert check.TEMPLATE is cases.TEMPLATE
    from envmgr.plugin import host

    assert not hasattr(host, "_accepted")


def test_entry_tags():
    class Tool(Soft):
        name = "mytool"
        aliases = ["MyT"]
        category = "tool"
        tags = ["build"]

    tags = entry_tags(Tool, "1.2.3", ["Extra", "build"], "detected")
    assert tags[:8] == ["mytool", "myt", "tool", "build", "v1", "v1.2", "v1.2.3", "detected"]
    assert tags[-1] == "extra" and len(tags) == len(set(tags))
    assert any(t.startswith("os-") for t in tags) and any(t.startswith("arch-") for t in tags)


def test_fake_executable_quotes_for_the_shell(tmp_path):
    out = "it's \"quoted\" $HOME `x` \\n\n"
    path = tmp_path / "fake"
    path.write_text(cases.fake_executable({"--version": out, "-c it's": "other"}))
    path.chmod(0o755)
    assert subprocess.run([str(path), "--version"], capture_output=True, text=True).stdout == out
    assert subprocess.run([str(path), "-c", "it's"], capture_output=True,
                          text=True).stdout == "other"


def test_run_probe_is_the_probe_command():
    seen = []

    class Tool(Soft):
        name = "envtool"
        executables = ["envtool"]
        version_args = ["-V"]
        probe_env = {"X": "1"}
        version_regex = r"(\d+)"
        timeout = 3

    def run(argv, timeout=None, env=None):
        seen.append((argv, timeout, env))
        return soft.RunResult(tuple(argv), "envtool 7", 0)

    assert Tool.probe(Candidate("/x/envtool", "/x/envtool"), run)["version"] == "7"
    assert seen == [(["/x/envtool", "-V"], 3, {"X": "1"})]
