"""Probes and the probe cache: failures, concurrency, workers, file-dependent decisions."""

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
from conftest import child_env, run_detect, write_tool

from envmgr.detect.probecache import ProbeCache
from envmgr.detect.probed import Outcome
from envmgr.detect.soft import Candidate, Soft


class Flaky(Soft):
    name = "flakytool"
    executables = [r"flakytool"]
    version_regex = r"^flakytool (\S+)"
    timeout = 1


# -- 1. a failed probe is no answer: the entry it would supersede stays -----------------


@pytest.mark.slow
def test_timed_out_probe_is_not_probed(tmp_path):
    mode = tmp_path / "hang"
    tool = write_tool(tmp_path / "bin" / "flakytool",
                      f'[ -e "{mode}" ] && sleep 5\necho "flakytool 1.0"\n')
    result = run_detect([Flaky], tmp_path / "bin")
    assert [f.version for f in result.found] == ["1.0"]
    assert result.probed["flakytool"] == {str(tool)}
    mode.touch()
    result = run_detect([Flaky], tmp_path / "bin")
    assert result.found == []
    assert result.probed["flakytool"] == set()  # no answer: nothing superseded
    assert any("did not finish" in w or "timed out" in w for w in result.warnings), result.warnings


@pytest.mark.slow
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
from envmgr.detect.explain import Explain
from envmgr.detect.probecache import ProbeCache
from envmgr.detect.engine import detect
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
            env=child_env(), stderr=subprocess.PIPE, text=True))
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
        cache.put(kinds[tool.name], Outcome("ok", probed={"version": "1"}))
    for i in range(5000):
        cache.put(f"x\0fp\0{tmp_path}/old{i}\0 1\0 1", Outcome("reject", "no"))
    done = threading.Event()

    def hammer() -> None:  # an abandoned probe thread putting while save() dumps
        for i in range(100000):
            if done.is_set():
                return
            cache.put(f"x\0fp\0{tmp_path}/new{i}\0 1\0 1", Outcome("reject", "no"))
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
    blocked.put(kinds["keeptool"], Outcome("ok", probed={"version": "1"}))
    blocked.save()


# -- 3. probe workers end with the run ----------------------------------------------------


def _probe_threads() -> int:
    return sum(t.name == "envmgr-probe" and t.is_alive() for t in threading.enumerate())


def test_probe_workers_stop_after_each_run(tmp_path):
    write_tool(tmp_path / "bin" / "flakytool", 'echo "flakytool 1.0"\n')
    before = _probe_threads()
    for _ in range(3):
        assert run_detect([Flaky], tmp_path / "bin").found
    deadline = time.monotonic() + 5
    while _probe_threads() > before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _probe_threads() == before


# -- 10. decisions that depend on other files are never cached ----------------------------


def test_llvm_config_beside_a_clang_is_decided_on_every_run(tmp_path):
    from plugins.compilers.llvm import LLVM

    bindir = tmp_path / "llvm" / "bin"
    write_tool(bindir / "llvm-config", 'echo "16.0.6"\necho "x86_64-pc-linux-gnu"\n')
    clang = write_tool(bindir / "clang", 'echo "clang version 16.0.6"\n')
    cache = ProbeCache(str(tmp_path / "probes.json"))
    result = run_detect([LLVM], bindir, cache=cache)
    assert [f.candidate.name for f in result.found] == ["clang"]
    assert any("reject" in ln and "llvm-config beside a clang" in ln for ln in result.explain.lines)
    clang.unlink()
    cache = ProbeCache(str(tmp_path / "probes.json"))
    result = run_detect([LLVM], bindir, cache=cache)
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
    assert [f.version for f in run_detect([Dataset], data, cache=ProbeCache(path)).found] == [
        "1.0"]
    mtime = os.stat(data).st_mtime_ns
    (data / "VERSION").write_text("2.0.1\n")
    assert os.stat(data).st_mtime_ns == mtime  # the dir itself is unchanged
    result = run_detect([Dataset], data, cache=ProbeCache(path))
    assert [f.version for f in result.found] == ["2.0.1"]
    assert "(cached)" not in " ".join(result.explain.lines)
