"""`envmgr install` end to end with the download front-end, against a real loopback server.

Recipes are written by the tests (pointing at the server) into a folder on
ENVMGR_RECIPE_PATH; every install runs the real CLI in a subprocess, so locks, signals
and the registry are the real ones.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from conftest import ROOT
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture

HELLO = """#!/bin/sh
if [ "$1" = "--fail" ]; then echo "hello: asked to fail" >&2; exit 3; fi
echo "hello ${HELLO_GREETING:-world} $*"
"""


def tarball(files: dict[str, tuple[str, int]], top: str = "hello-1.0") -> bytes:
    """A .tar.gz with ``files`` (name -> (text, mode)) under ``top/``."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, (text, mode) in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size, info.mode = len(data), mode
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


HELLO_TGZ = tarball({"bin/hello": (HELLO, 0o755), "share/hello/README": ("hi\n", 0o644)})
HELLO_SHA = hashlib.sha256(HELLO_TGZ).hexdigest()


def write_recipe(folder: Path, name: str, url: str, *, sha256: str | None = HELLO_SHA,
                 version: str = "1.0", tests: str = '["bin/hello", "--version"]',
                 deps: str = "", extra: str = "", checksum: str | None = None,
                 size: int | None = None) -> Path:
    check = f'sha256 = "{sha256}"' if sha256 else (checksum or "")
    size_line = f"size = {size}" if size is not None else ""
    text = f"""schema_version = 1
name = "{name}"
summary = "{name}, a test tool"
category = "tools"
tags = ["{name}", "test-tool"]

[[versions]]
version = "{version}"
[[versions.sources]]
url = "{url}"
{check}
{size_line}
strip_components = 1
{deps}
[frontend]
name = "download"

[provides]
bin = ["bin"]
env = {{ HELLO_HOME = "${{{{ prefix }}}}" }}
{extra}
[tests]
commands = [{tests}]
files = ["bin/hello"]
"""
    path = folder / f"{name}.toml"
    path.write_text(text)
    return path


@pytest.fixture
def recipes(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "recipes"
    folder.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(folder))
    return folder


def install_dir(home: Path) -> list[str]:
    root = home / "install"
    return sorted(p.name for p in root.iterdir() if p.name != ".locks") if root.is_dir() \
        else []


def entries(cli) -> list[dict]:
    return cli("list", "--json").json()


def test_install_records_only_after_the_smoke_test_and_a_second_install_is_a_noop(
        cli, home, server, recipes):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url, size=len(HELLO_TGZ))

    plan = cli("install", "hello", "--dry-run")
    assert plan.rc == 0, plan.err
    assert "install hello@1.0 with download into " + str(home / "install") in plan.out
    assert url in plan.out and f"sha256:{HELLO_SHA}" in plan.out and "B" in plan.out
    assert install_dir(home) == [] and entries(cli) == []  # a dry run does nothing
    [step] = cli("install", "hello", "--dry-run", "--json").json()["steps"]
    assert step["action"] == "install" and step["sources"][0]["size"] == len(HELLO_TGZ)

    r = cli("install", "hello")
    assert r.rc == 0, r.err
    [e] = entries(cli)
    assert r.out.startswith(f"installed hello 1.0: entry {e['uid']} ")
    assert e["source"] == "installed" and e["recipe"] == "hello@1.0"
    assert e["prefix"] == step["target"] and Path(e["prefix"], "bin", "hello").is_file()
    assert e["paths"]["bin"] == [str(Path(e["prefix"], "bin"))]
    assert e["env"] == {"HELLO_HOME": e["prefix"]}
    assert e["attrs"]["fetched"][0]["sha256"] == HELLO_SHA
    assert {"hello", "installed", "v1", "v1.0", "test-tool"} <= set(e["tags"])
    assert install_dir(home) == [Path(e["prefix"]).name]  # no staging left

    shell = cli("shell", "--tags=hello", "--", "hello", "there")
    assert shell.rc == 0 and shell.out == "hello world there\n"

    hits = server.routes["/dl/hello-1.0.tar.gz"].hits
    again = cli("install", "hello")
    assert again.rc == 0 and f"already installed: entry {e['uid']}" in again.out
    assert server.routes["/dl/hello-1.0.tar.gz"].hits == hits and len(entries(cli)) == 1


def test_a_failing_smoke_test_records_nothing_and_leaves_no_prefix(cli, home, server, recipes):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url, tests='["bin/hello", "--fail"]')
    r = cli("install", "hello")
    assert r.rc == 1 and "smoke test of hello@1.0 failed" in r.err
    assert "exited 3" in r.err and "asked to fail" in r.err and "Traceback" not in r.err
    assert entries(cli) == [] and install_dir(home) == []


def test_a_missing_smoke_test_file_records_nothing(cli, home, server, recipes):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url, extra='', tests='["bin/hello"]')
    text = (recipes / "hello.toml").read_text().replace('files = ["bin/hello"]',
                                                         'files = ["lib/libhello.so"]')
    (recipes / "hello.toml").write_text(text)
    r = cli("install", "hello")
    assert r.rc == 1 and "lib/libhello.so is not in" in r.err
    assert entries(cli) == [] and install_dir(home) == []


def test_checksum_mismatch_names_the_url_and_both_checksums(cli, home, server, recipes):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ, mode="wrong")
    write_recipe(recipes, "hello", url)
    r = cli("install", "hello")
    assert r.rc == 1 and url in r.err and HELLO_SHA in r.err
    wrong = hashlib.sha256(bytes((b + 1) % 256 for b in HELLO_TGZ)).hexdigest()
    assert wrong in r.err and "discarded" in r.err
    assert entries(cli) == [] and install_dir(home) == []
    cache = home / "cache" / "downloads"
    assert not list(cache.glob("by-sha256/*")) and not list(cache.glob("partial/*.part"))


def test_a_mirror_given_on_the_command_line_is_tried_first(cli, home, server, recipes, tmp_path):
    upstream = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    mirror = tmp_path / "mirror"
    (mirror / "by-sha256").mkdir(parents=True)
    (mirror / "by-sha256" / HELLO_SHA).write_bytes(HELLO_TGZ)
    write_recipe(recipes, "hello", upstream)
    r = cli("install", "hello", "--mirror", str(mirror))
    assert r.rc == 0, r.err
    assert server.routes["/dl/hello-1.0.tar.gz"].hits == 0


def test_no_published_checksum_needs_no_checksum_and_records_what_was_seen(
        cli, home, server, recipes):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url, sha256=None,
                 checksum='checksum = "none-published"\nreason = "upstream gives none"')
    r = cli("install", "hello")
    assert r.rc == 1 and "no published checksum (upstream gives none)" in r.err
    assert "--no-checksum" in r.err and entries(cli) == []
    ok = cli("install", "hello", "--no-checksum")
    assert ok.rc == 0, ok.err
    [e] = entries(cli)
    assert e["attrs"]["fetched"] == [{"url": url, "sha256": HELLO_SHA,
                                      "size": len(HELLO_TGZ), "checked": False}]


def test_bad_requests_are_one_clear_line(cli, recipes, server):
    write_recipe(recipes, "hello", server.add("/dl/h.tar.gz", HELLO_TGZ))
    cases = [
        (["install", "helo"], 3, "did you mean hello"),
        (["install", "hello@2"], 1, "there are 1.0"),
        (["install", "hello", "--frontend", "nosuch"], 1, "no front-end 'nosuch'"),
        (["install"], 2, "name what to install"),
        (["install", "hello", "--variant", "cuda"], 2, "write --variant NAME=VALUE"),
        (["install", "hello", "--variant", "cuda=12"], 1, "'cuda' is not a variant of hello"),
        (["install", "conda:zlib"], 2, "'conda:' targets are not supported yet"),
        (["install", "pypi:"], 2, "write pypi:NAME"),
        (["uninstall"], 2, "give a uid or --tags"),
        (["uninstall", "--tags=nosuch"], 3, "no installed entry matches"),
    ]
    for args, code, text in cases:
        r = cli(*args)
        assert r.rc == code, (args, r.err)
        assert text in r.err, (args, r.err)
        assert "Traceback" not in r.err and r.err.strip().count("\n") == 0, (args, r.err)


def test_an_invalid_recipe_is_named_and_does_not_stop_others(cli, recipes, server):
    write_recipe(recipes, "hello", server.add("/dl/h.tar.gz", HELLO_TGZ))
    (recipes / "broken.toml").write_text('schema_version = 1\nname = "broken"\n')
    ok = cli("install", "hello", "--dry-run")
    assert ok.rc == 0 and "install hello@1.0" in ok.out
    bad = cli("install", "broken", "--dry-run")
    assert bad.rc == 1 and "broken.toml" in bad.err and "summary" in bad.err


# ---------------------------------------------------------------- dependencies, uninstall


def test_dependencies_install_first_and_uninstall_refuses_while_needed(
        cli, home, server, recipes):
    write_recipe(recipes, "libhello", server.add("/dl/libhello-1.0.tar.gz", HELLO_TGZ))
    write_recipe(recipes, "hello", server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ),
                 deps='[[dependencies]]\ntags = ["libhello"]\nversion = ">=1"\n')
    tree = cli("install", "hello", "--dry-run").out
    assert tree.splitlines()[0].startswith("install hello@1.0")
    assert "└─ install libhello@1.0" in tree
    r = cli("install", "hello", "--json")
    assert r.rc == 0, r.err
    done = {o["soft"]: o for o in r.json()["outcomes"]}
    assert done["hello"]["action"] == done["libhello"]["action"] == "installed"
    by_soft = {e["soft"]: e for e in entries(cli)}
    assert by_soft["hello"]["deps"] == [by_soft["libhello"]["uid"]]

    lib = by_soft["libhello"]
    refused = cli("uninstall", lib["uid"])
    assert refused.rc == 1 and by_soft["hello"]["uid"] in refused.err and "--force" in refused.err
    assert Path(lib["prefix"]).is_dir() and len(entries(cli)) == 2

    gone = cli("uninstall", "--tags=hello,installed")
    assert gone.rc == 0 and f"removed {by_soft['hello']['uid']}" in gone.out
    assert not Path(by_soft["hello"]["prefix"]).exists()
    assert cli("uninstall", lib["uid"]).rc == 0
    assert entries(cli) == [] and install_dir(home) == []


def test_uninstall_force_and_refusal_of_detected_entries(cli, home, server, recipes, tmp_path):
    write_recipe(recipes, "libhello", server.add("/dl/libhello-1.0.tar.gz", HELLO_TGZ))
    write_recipe(recipes, "hello", server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ),
                 deps='[[dependencies]]\ntags = ["libhello"]\n')
    assert cli("install", "hello").rc == 0
    lib = next(e for e in entries(cli) if e["soft"] == "libhello")
    forced = cli("uninstall", lib["uid"], "--force")
    assert forced.rc == 0 and not Path(lib["prefix"]).exists()

    tool = tmp_path / "cm/bin/cmake"
    tool.parent.mkdir(parents=True)
    tool.write_text("#!/bin/sh\necho 'cmake version 3.99.1'\n")
    tool.chmod(0o755)
    [det] = cli("detect", "cmake", "--no-default-paths", "--search-path", str(tool.parent),
                "--json").json()
    r = cli("uninstall", det["uid"])
    assert r.rc == 2 and "not installed by envmgr" in r.err and "envmgr rm" in r.err
    assert tool.exists()


# ---------------------------------------------------------------- interruptions, concurrency


def _popen(args: list[str], home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-m", "envmgr", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(predicate, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting")


def _staging(home: Path) -> list[Path]:
    root = home / "install"
    return sorted(root.glob(".staging-*")) if root.is_dir() else []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_mid_download_leaves_no_entry_no_prefix_no_staging(
        cli, home, server, recipes, sig):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ, mode="slow", stall=30)
    write_recipe(recipes, "hello", url)
    proc = _popen(["install", "hello"], home)
    try:
        _wait_for(lambda: server.routes["/dl/hello-1.0.tar.gz"].hits > 0 and _staging(home))
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode != 0 and "Traceback" not in err
    assert entries(cli) == [] and install_dir(home) == []


def test_kill_9_leaves_staging_that_the_next_install_and_gc_remove(cli, home, server, recipes):
    route = "/dl/hello-1.0.tar.gz"
    url = server.add(route, HELLO_TGZ, mode="slow", stall=30)
    write_recipe(recipes, "hello", url)
    proc = _popen(["install", "hello"], home)
    try:
        _wait_for(lambda: server.routes[route].hits > 0 and _staging(home))
        proc.kill()
        proc.communicate(timeout=20)
    finally:
        proc.kill()
    [left] = _staging(home)
    assert entries(cli) == []
    gc = cli("gc")
    assert gc.rc == 0 and f"removed leftover {left}" in gc.err and not left.exists()

    # once more, and this time the next install cleans up
    proc = _popen(["install", "hello"], home)
    try:
        _wait_for(lambda: server.routes[route].hits > 1 and _staging(home))
        proc.kill()
        proc.communicate(timeout=20)
    finally:
        proc.kill()
    [left] = _staging(home)
    server.routes[route].mode = "ok"
    r = cli("install", "hello")
    assert r.rc == 0, r.err
    [e] = entries(cli)
    assert not left.exists() and install_dir(home) == [Path(e["prefix"]).name]


def test_an_unrecorded_prefix_is_not_trusted(cli, home, server, recipes):
    """A kill -9 between the rename and the record leaves a prefix without an entry."""
    write_recipe(recipes, "hello", server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ))
    target = Path(cli("install", "hello", "--dry-run", "--json").json()["steps"][0]["target"])
    target.mkdir(parents=True)
    (target / "half-written").write_text("")
    r = cli("install", "hello")
    assert r.rc == 0, r.err
    assert not (target / "half-written").exists() and (target / "bin" / "hello").is_file()
    assert "did not finish" in r.err


def test_two_processes_install_the_same_thing_once(cli, home, server, recipes):
    route = "/dl/hello-1.0.tar.gz"
    write_recipe(recipes, "hello", server.add(route, HELLO_TGZ, mode="slow", stall=1.0))
    procs = [_popen(["install", "hello", "--json"], home) for _ in range(2)]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in results]
    actions = sorted(json.loads(out)["outcomes"][0]["action"] for out, _ in results)
    assert actions == ["already", "installed"]
    uids = {json.loads(out)["outcomes"][0]["uid"] for out, _ in results}
    assert len(uids) == 1 and [e["uid"] for e in entries(cli)] == list(uids)
    assert server.routes[route].hits == 1 and len(install_dir(home)) == 1


# ---------------------------------------------------------------- plugins add front-ends


PLUGIN = '''
from pathlib import Path
from envmgr import hookimpl
from envmgr.install.frontend import Frontend, Provided


class Copier(Frontend):
    name = "copier"
    how_to_get = "set COPIER_OK=1"

    def available(self, context):
        import os
        return None if os.environ.get("COPIER_OK") else "copier is not detected here"

    def install(self, build, staging, context):
        (staging / "bin").mkdir()
        tool = staging / "bin" / "hello"
        tool.write_text(build.settings["script"])
        tool.chmod(0o755)
        return Provided(attrs={"copied": True})


@hookimpl
def envmgr_register_frontends(frontends):
    frontends.add("copier", Copier())
'''


def test_a_plugin_adds_a_front_end_and_a_missing_one_says_how_to_get_it(
        cli, home, recipes, tmp_path, monkeypatch):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "copier_frontend.py").write_text(PLUGIN)
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(plugins))
    script = HELLO.replace("\n", "\\n").replace('"', '\\"')
    (recipes / "hello.toml").write_text(f"""schema_version = 1
name = "hello"
summary = "hello"
[[versions]]
version = "1.0"
sources = []
[frontend]
name = "copier"
settings = {{ script = "{script}" }}
[provides]
bin = ["bin"]
[tests]
commands = [["hello"]]
""")
    r = cli("install", "hello")
    assert r.rc == 1 and "cannot install hello@1.0: copier is not detected here" in r.err
    assert "set COPIER_OK=1" in r.err and entries(cli) == []
    ok = cli("install", "hello", env={"COPIER_OK": "1"})
    assert ok.rc == 0, ok.err
    [e] = entries(cli)
    assert e["attrs"]["copied"] is True and e["attrs"]["install"]["frontend"] == "copier"
