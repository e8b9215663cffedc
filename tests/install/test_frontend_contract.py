"""Front-end contract v2, through the CLI with a plugin front-end whose tool builds into a
store of its own (as Spack and EasyBuild do): the real prefix, settings from config.toml,
tool logs, the cause of a failure, tool_env, Frontend.tools and Frontend.uninstall."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PLUGIN = '''
import os, shutil, sys
from pathlib import Path
from envmgr import hookimpl
from envmgr.install.frontend import Frontend, Provided


class Storer(Frontend):
    """Builds with a real tool (a Python script) into its own store."""
    name = "storer"
    settings_keys = frozenset({"store", "fail", "hang"})

    def check_settings(self, settings):
        why = super().check_settings(settings)
        if why is None and "store" in settings and not isinstance(settings["store"], str):
            return "'store' must be a path"
        return why

    def install(self, build, staging, context):
        store = Path(context.settings["store"]) / f"{build.name}-{build.version}"
        env = context.tool_env()
        env["STORE_PREFIX"] = str(store)
        env["STORE_FAIL"] = "1" if context.settings.get("fail") else ""
        env["STORE_HANG"] = str(context.settings.get("hang") or "")
        out = context.run([sys.executable, "-c", BUILD], what="building " + build.name,
                          env=env, cwd=staging, timeout=120)
        (staging / "record.json").write_text(out)
        return Provided(prefix=str(store), env_ops=[("setenv", "STORE_OP", str(store))],
                        attrs={"store": str(store)})

    def uninstall(self, entry, context):
        store = entry.attrs["store"]
        shutil.rmtree(store)
        return [f"the store folder {store}"]


BUILD = """
import os, sys
prefix = os.environ["STORE_PREFIX"]
import time
print("==> fetching", flush=True)
time.sleep(0.3)
print("==> building", file=sys.stderr, flush=True)
time.sleep(0.3)
if os.environ.get("STORE_HANG"):
    import subprocess
    child = subprocess.Popen(["sleep", "300"])
    open(os.environ["STORE_HANG"], "w").write(str(child.pid))
    time.sleep(300)
if os.environ.get("STORE_FAIL"):
    print("ERROR: Exception:", file=sys.stderr)
    raise RuntimeError("the compiler exploded")
os.makedirs(prefix + "/bin", exist_ok=True)
os.makedirs(prefix + "/include", exist_ok=True)
open(prefix + "/include/hello.h", "w").write("")
with open(prefix + "/bin/hello", "w") as f:
    f.write("#!/bin/sh\\\\necho hello from $0\\\\n")
os.chmod(prefix + "/bin/hello", 0o755)
print('{"built": true}')
"""


@hookimpl
def envmgr_register_frontends(frontends):
    frontends.add("storer", Storer())
'''

RECIPE = """schema_version = 1
name = "hello"
summary = "hello, built into a store"
tags = ["hello", "stored"]
[[versions]]
version = "1.0"
sources = []
[frontend]
name = "storer"
[provides]
bin = ["bin"]
include = ["include"]
env = { HELLO_HOME = "${{ prefix }}" }
[tests]
files = ["include/hello.h", "${{ prefix }}/bin/hello"]
commands = [["bin/hello"], ["hello"]]
"""


@pytest.fixture
def storer(home, tmp_path, monkeypatch):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "storer_frontend.py").write_text(PLUGIN)
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(plugins))
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    (recipes / "hello.toml").write_text(RECIPE)
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    store = tmp_path / "store"
    config = tmp_path / "config"
    config.mkdir()

    def configure(text: str) -> None:
        (config / "config.toml").write_text(text)

    configure(f'[frontends.storer]\nstore = "{store}"\n')
    return store, configure


def test_a_build_in_a_tool_store_is_the_entry_prefix(cli, home, storer):
    store, _ = storer
    r = cli("install", "hello", "--json")
    assert r.rc == 0, r.err
    doc = r.json()
    [outcome] = doc["outcomes"]
    prefix = store / "hello-1.0"
    assert outcome["prefix"] == str(prefix)
    [e] = cli("list", "--json").json()
    folder = Path(e["attrs"]["install"]["folder"])
    assert folder.parent == home / "install" and (folder / "record.json").is_file()
    assert e["prefix"] == str(prefix) and e["attrs"]["path"] == str(prefix)
    assert e["paths"]["bin"] == [str(prefix / "bin")]
    assert e["paths"]["include"] == [str(prefix / "include")]
    assert e["env"] == {"HELLO_HOME": str(prefix)}
    assert e["attrs"]["env_ops"] == [["setenv", "STORE_OP", str(prefix)]]
    # the tool's output is kept in a log under <home>/logs/<folder>, listed by --json
    logs = [Path(p) for p in doc["logs"]]
    assert logs and all(p.parent == home / "logs" / folder.name for p in logs)
    assert "==> building" in logs[0].read_text()
    assert any("smoke-test" in p.name for p in logs)

    run = cli("shell", "--tags=hello,stored", "--", "hello")
    assert run.rc == 0 and run.out.strip() == f"hello from {prefix / 'bin' / 'hello'}"

    kept = cli("uninstall", e["uid"], "--keep-build")
    assert kept.rc == 0, kept.err
    assert not folder.exists() and (prefix / "bin" / "hello").is_file()
    assert "and the store" not in kept.out

    again = cli("install", "hello")
    assert again.rc == 0, again.err
    [e2] = cli("list", "--json").json()
    gone = cli("uninstall", e2["uid"])
    assert gone.rc == 0, gone.err
    assert f"and the store folder {prefix}" in gone.out
    assert not prefix.exists() and not (home / "logs" / folder.name).exists()


def test_a_tool_failure_gives_the_cause_and_keeps_the_log(cli, home, storer):
    store, configure = storer
    configure(f'[frontends.storer]\nstore = "{store}"\nfail = true\n')
    r = cli("install", "hello", "--json")
    assert r.rc == 1
    [err] = [ln for ln in r.err.splitlines() if ln.startswith("envmgr: error:")]
    assert "building hello for hello failed: RuntimeError: the compiler exploded" in err
    assert "ERROR: Exception" not in err.split("failed:", 1)[1].split("(", 1)[0]
    assert "Traceback" not in r.err
    doc = r.json()
    [log] = doc["logs"]
    assert f"full log: {log}" in err and Path(log).is_file()
    assert "RuntimeError: the compiler exploded" in Path(log).read_text()
    assert doc["error"].startswith("building hello for hello failed")
    assert cli("list", "--json").json() == []
    left = [p.name for p in (home / "install").iterdir() if p.name != ".locks"]
    assert left == []


@pytest.mark.parametrize("table, says", [
    ('store = "/x"\ncolour = "red"', "[frontends.storer] unknown key 'colour' (known: fail, "
                                     "hang, store)"),
    ("store = 5", "[frontends.storer] 'store' must be a path"),
])
def test_a_wrong_frontend_setting_is_one_config_error(cli, home, storer, table, says):
    _, configure = storer
    configure(f"[frontends.storer]\n{table}\n")
    r = cli("install", "hello")
    assert r.rc == 2 and says in r.err and "config.toml" in r.err, r.err
    assert "Traceback" not in r.err and cli("list", "--json").json() == []


def test_frontends_must_be_tables(cli, home, storer):
    _, configure = storer
    configure('frontends = "spack"\n')
    r = cli("list")
    assert r.rc == 2 and "'frontends' must hold one table per front-end" in r.err


def test_frontend_tools_become_dependencies(cli, home, storer, tmp_path):
    """A front-end's ``tools`` are dependencies of its builds: a tool that is nowhere is
    refused before anything runs, with how to get it."""
    plugins = tmp_path / "plugins"
    text = (plugins / "storer_frontend.py").read_text().replace(
        '    settings_keys = frozenset({"store", "fail", "hang"})',
        '    settings_keys = frozenset({"store", "fail", "hang"})\n'
        '    from envmgr.install.frontend import Tool\n'
        '    tools = (Tool("spack", "spack", "get spack somewhere"),)')
    (plugins / "storer_frontend.py").write_text(text)
    r = cli("install", "hello", env={"PATH": str(tmp_path / "nothing")})
    assert r.rc == 1 and "cannot install hello: spack is not detected here" in r.err, r.err
    assert "get spack somewhere" in r.err
    assert json.loads(cli("list", "--json").out) == []


def test_progress_is_one_status_line_on_a_terminal_and_nothing_off_one(cli, home, storer):
    """On a terminal the tool's lines are redrawn on one line (``\\r``, erase line) and
    cleared; off a terminal stderr gets no such line."""
    import os
    import pty
    import subprocess
    import sys

    off = cli("install", "hello")
    assert off.rc == 0 and "\x1b[2K" not in off.err and "==> building" not in off.err
    [e] = cli("list", "--json").json()
    assert cli("uninstall", e["uid"]).rc == 0

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), COLUMNS="200")
    parent, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "envmgr", "install", "hello"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=child,
                            env=env)
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(parent, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(parent)
    text = seen.decode(errors="replace")
    assert proc.returncode == 0, text
    assert "\r\x1b[2Kbuilding hello: ==> " in text
    assert text.rstrip().endswith("\r\x1b[2K") or "\r\x1b[2Kenvmgr:" in text or \
        text.count("\r\x1b[2K") >= 2


def test_gc_removes_the_logs_of_failed_installs_only(cli, home, storer):
    store, configure = storer
    configure(f'[frontends.storer]\nstore = "{store}"\nfail = true\n')
    failed = cli("install", "hello", "--json")
    assert failed.rc == 1
    [log] = failed.json()["logs"]
    configure(f'[frontends.storer]\nstore = "{store}"\n')
    ok = cli("install", "hello", "--json")
    assert ok.rc == 0, ok.err
    kept = Path(ok.json()["logs"][0]).parent
    # the same folder: the successful install replaced the failed one's logs
    assert kept == Path(log).parent
    assert "RuntimeError: the compiler exploded" not in Path(log).read_text()
    [e] = cli("list", "--json").json()
    assert cli("uninstall", e["uid"], "--keep-build").rc == 0
    assert not kept.exists()
    again = cli("install", "hello", "--json")  # hello's build is still in the store
    assert again.rc == 0, again.err
    stray = home / "logs" / "hello-0-failed"
    stray.mkdir()
    (stray / "1-building.log").write_text("ERROR: it broke\n")
    gc = cli("gc")
    assert gc.rc == 0 and f"removed leftover {stray}" in gc.err, gc.err
    assert not stray.exists() and Path(again.json()["logs"][0]).is_file()


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_a_signal_during_a_tool_ends_its_whole_group_and_leaves_nothing(cli, home, storer,
                                                                       tmp_path, sig):
    """envmgr stopped while the tool builds: the tool and its child go too, staging is
    removed, nothing is recorded, and the next install works."""
    import os
    import signal
    import subprocess
    import sys
    import time

    store, configure = storer
    pidfile = tmp_path / "child.pid"
    configure(f'[frontends.storer]\nstore = "{store}"\nhang = "{pidfile}"\n')
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-m", "envmgr", "install", "hello"],
                            env=dict(os.environ, PYTHONPATH=str(root)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(600):
        if pidfile.exists() and pidfile.read_text():
            break
        time.sleep(0.05)
    child = int(pidfile.read_text())
    proc.send_signal(getattr(signal, sig))
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode in (130, 143), err
    assert "Traceback" not in err
    for _ in range(100):
        try:
            os.kill(child, 0)
            with open(f"/proc/{child}/stat") as f:
                if f.read().split(") ", 1)[1][0] == "Z":
                    break
        except (ProcessLookupError, FileNotFoundError):
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"the tool's child {child} still runs")
    assert cli("list", "--json").json() == []
    left = [p.name for p in (home / "install").iterdir() if p.name != ".locks"]
    assert left == []
    configure(f'[frontends.storer]\nstore = "{store}"\n')
    again = cli("install", "hello")
    assert again.rc == 0, again.err


def test_a_store_build_without_provides_gets_the_dirs_its_prefix_has(cli, home, storer,
                                                                    tmp_path):
    bare = RECIPE.split("[provides]")[0].replace('name = "hello"', 'name = "bare"') \
        .replace('tags = ["hello", "stored"]', 'tags = ["bare"]')
    (tmp_path / "recipes" / "bare.toml").write_text(bare + "[tests]\nfiles = [\"bin/hello\"]\n")
    r = cli("install", "bare")
    assert r.rc == 0, r.err
    [e] = cli("list", "--json").json()
    prefix = Path(e["prefix"])
    assert prefix.parent == storer[0]
    assert e["paths"] == {"bin": [str(prefix / "bin")], "lib": [],
                          "include": [str(prefix / "include")]}
