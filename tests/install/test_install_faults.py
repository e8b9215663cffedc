"""Faults an install meets on a real machine: a full disk, a read-only home, mirrors and
upstreams that do not answer, offline mode. Each gets a clear error and leaves nothing
half-written. The disk is really full (a 1 MiB tmpfs, mounted for the test) or, where
mounting is not allowed, writes really fail (RLIMIT_FSIZE: EFBIG); the read-only home is
really read-only, also for root (setpriv drops CAP_DAC_OVERRIDE)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from conftest import ROOT
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture
from test_install_transaction import HELLO_TGZ, write_recipe

LIMIT = 1 << 20  # the tmpfs size, or the largest file under RLIMIT_FSIZE


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def _limit_writes() -> None:  # runs in the child before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.fixture
def small_disk(tmp_path, monkeypatch):
    """An ENVMGR_HOME on a 1 MiB tmpfs; or, where mounting fails, a home where any file
    past 1 MiB fails to grow. Yields (home, preexec_fn or None)."""
    home = tmp_path / "small"
    home.mkdir()
    mounted = False
    if os.geteuid() == 0 and shutil.which("mount"):
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={LIMIT // 1024}k",
                                  "tmpfs", str(home)], capture_output=True).returncode == 0
    monkeypatch.setenv("ENVMGR_HOME", str(home))
    try:
        yield home, (None if mounted else _limit_writes)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(home)], capture_output=True)


def _run(args, preexec=None, env=None, timeout=120):
    proc = subprocess.run([sys.executable, "-m", "envmgr", *args], capture_output=True,
                          text=True, env=_env(**(env or {})), timeout=timeout,
                          preexec_fn=preexec)
    return proc


@pytest.fixture
def recipes(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "recipes"
    folder.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(folder))
    return folder


def _plain_recipe(folder: Path, name: str, url: str, body: bytes) -> None:
    (folder / f"{name}.toml").write_text(f"""schema_version = 1
name = "{name}"
summary = "one file"
[[versions]]
version = "1.0"
[[versions.sources]]
url = "{url}"
sha256 = "{hashlib.sha256(body).hexdigest()}"
size = {len(body)}
extract = false
filename = "{name}.bin"
[frontend]
name = "download"
[tests]
files = ["{name}.bin"]
""")


def _left_behind(home: Path) -> list[str]:
    """Files an install may leave: anything under install/ but its lock files, and
    partial downloads."""
    out = []
    for sub in ("install", "cache/downloads/partial"):
        root = home / sub
        if root.is_dir():
            out += [str(p.relative_to(home)) for p in root.rglob("*")
                    if ".locks" not in p.parts and not p.name.endswith(".lock")]
    return out


def _entries(home: Path) -> list[dict]:
    proc = _run(["list", "--json"], env={"ENVMGR_HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _zeros_tgz(size: int) -> bytes:
    """A .tar.gz of a few KB that unpacks to ``size`` bytes."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        info = tarfile.TarInfo("big-1.0/bin/hello")
        info.size, info.mode = size, 0o755
        tf.addfile(info, io.BytesIO(bytes(size)))
    return buf.getvalue()


@pytest.mark.parametrize("where", ["http", "local-mirror"])
def test_a_full_disk_while_downloading(small_disk, server, recipes, tmp_path, where):
    home, preexec = small_disk
    body = os.urandom(2 * LIMIT)  # incompressible: it cannot fit
    url = server.add("/dl/huge.bin", body)
    _plain_recipe(recipes, "huge", url, body)
    args = ["install", "huge"]
    if where == "local-mirror":
        mirror = tmp_path / "mirror"
        (mirror / "huge").mkdir(parents=True)
        (mirror / "huge" / "huge.bin").write_bytes(body)
        args += ["--mirror", str(mirror)]
    r = _run(args, preexec)
    assert r.returncode == 1, r.stderr
    [error] = [line for line in r.stderr.splitlines() if "error" in line]
    assert ("No space left on device" in error or "File too large" in error), error
    assert "cannot write" in error and "free some space" in error
    assert "Traceback" not in r.stderr
    assert _left_behind(home) == []
    if where == "local-mirror":  # the mirror was the way; no other URL hid the cause
        assert server.routes["/dl/huge.bin"].hits == 0
    assert _entries(home) == []


def test_a_full_disk_while_unpacking(small_disk, server, recipes):
    home, preexec = small_disk
    tgz = _zeros_tgz(3 * LIMIT)
    assert len(tgz) < LIMIT // 8
    url = server.add("/dl/big-1.0.tar.gz", tgz)
    write_recipe(recipes, "big", url, sha256=hashlib.sha256(tgz).hexdigest())
    r = _run(["install", "big"], preexec)
    assert r.returncode == 1, r.stderr
    [error] = [line for line in r.stderr.splitlines() if "error" in line]
    assert "cannot extract big-1.0.tar.gz" in error
    assert "No space left on device" in error or "File too large" in error
    assert "free some space" in error and "Traceback" not in r.stderr
    assert _left_behind(home) == []  # staging removed, no prefix
    assert _entries(home) == []
    # the download itself was whole and checked: it stays in the cache for the next try
    assert (home / "cache" / "downloads" / "by-sha256" /
            hashlib.sha256(tgz).hexdigest()).is_file()


def _read_only(path: Path) -> None:
    for p in [path, *path.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o555)
        elif p.is_file() and not p.is_symlink():
            p.chmod(0o444)


def _writable(path: Path) -> None:
    for p in [path, *path.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o755)


@pytest.mark.skipif(not shutil.which("setpriv"), reason="needs setpriv (util-linux)")
def test_a_read_only_home(home, server, recipes):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url)
    assert _run(["list"]).returncode == 0  # the home and its registry exist
    before = sorted(str(p) for p in home.rglob("*"))
    _read_only(home)
    try:
        # root ignores mode bits; without CAP_DAC_OVERRIDE it honours them, as a user does
        proc = subprocess.run(
            ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--",
             sys.executable, "-m", "envmgr", "install", "hello"],
            capture_output=True, text=True, env=_env(), timeout=120)
        after = sorted(str(p) for p in home.rglob("*"))
    finally:
        _writable(home)
    assert proc.returncode != 0
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 1, proc.stderr
    assert "Permission denied" in errors[0] or "read-only" in errors[0], errors[0]
    assert str(home) in errors[0] and "Traceback" not in proc.stderr
    assert after == before  # not one file or folder added
    assert _entries(home) == []


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_unreachable_mirrors_and_upstream_list_every_url(cli, home, recipes):
    ports = [_closed_port() for _ in range(3)]
    upstream = f"http://127.0.0.1:{ports[0]}/dl/hello-1.0.tar.gz"
    own = f"http://127.0.0.1:{ports[1]}/alt/hello-1.0.tar.gz"
    site = f"http://127.0.0.1:{ports[2]}/site"
    write_recipe(recipes, "hello", upstream, extra="")
    text = (recipes / "hello.toml").read_text().replace(
        f'url = "{upstream}"', f'url = "{upstream}"\nmirrors = ["{own}"]')
    (recipes / "hello.toml").write_text(text)
    start = time.monotonic()
    r = cli("install", "hello", "--mirror", site, env={"NO_PROXY": "127.0.0.1"})
    took = time.monotonic() - start
    assert r.rc == 1
    [error] = [line for line in r.err.splitlines() if "error" in line]
    sha = hashlib.sha256(HELLO_TGZ).hexdigest()
    for url in (f"{site}/by-sha256/{sha}", f"{site}/hello/hello-1.0.tar.gz", upstream, own):
        assert url in error, url
    assert "refused" in error.lower() and "after 4 tries" in error
    # 4 URLs x 4 tries, backoff 0.5 + 1 + 2 s: about 14 s, well inside the timeouts
    assert took < 40, took
    assert _left_behind(home) == [] and cli("list", "--json").json() == []


def test_offline_mode_is_one_line(cli, home, server, recipes):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url)
    r = cli("install", "hello", env={"ENVMGR_OFFLINE": "1"})
    assert r.rc == 1
    [error] = [line for line in r.err.splitlines() if "error" in line]
    assert error.startswith("envmgr: error: ENVMGR_OFFLINE is set and hello-1.0.tar.gz of "
                            "hello is neither in the download cache nor in a local mirror")
    assert "unset ENVMGR_OFFLINE" in error and server.routes["/dl/hello-1.0.tar.gz"].hits == 0
    fetch = cli("fetch", "hello", env={"ENVMGR_OFFLINE": "1"})
    assert fetch.rc == 1 and fetch.err.count("\n") == 1 and "ENVMGR_OFFLINE" in fetch.err
    assert _left_behind(home) == []


def test_a_tar_is_unpacked_while_it_downloads_and_only_verified_bytes_are_kept(
        server, tmp_path):
    from envmgr.install.fetch.cache import DownloadCache
    from envmgr.install.fetch.stream import fetch_extracting
    from envmgr.install.recipe import Source

    sha = hashlib.sha256(HELLO_TGZ).hexdigest()
    good = server.add("/ok/hello-1.0.tar.gz", HELLO_TGZ)
    src = Source(url=good, sha256=sha, filename="hello-1.0.tar.gz", extract=True,
                 strip_components=1)
    cache = DownloadCache(tmp_path / "c1")
    got, done = fetch_extracting(src, cache, tmp_path / "x1", name="hello", fetch_kw={})
    assert done and got.sha256 == sha
    assert (tmp_path / "x1" / "bin" / "hello").read_text().startswith("#!/bin/sh")

    # wrong bytes first, the right ones from the recipe's mirror: the tree unpacked from
    # the wrong bytes is thrown away, never kept
    bad = server.add("/bad/hello-1.0.tar.gz", HELLO_TGZ, mode="wrong")
    src2 = Source(url=bad, mirrors=(good,), sha256=sha, filename="hello-1.0.tar.gz",
                  extract=True, strip_components=1)
    got, done = fetch_extracting(src2, DownloadCache(tmp_path / "c2"), tmp_path / "x2",
                                 name="hello", fetch_kw={})
    assert not done and not (tmp_path / "x2").exists() and got.sha256 == sha

    # already in the cache: nothing streamed, the caller unpacks the cached file
    got, done = fetch_extracting(src, cache, tmp_path / "x3", name="hello", fetch_kw={})
    assert not done and got.from_cache and not (tmp_path / "x3").exists()


def test_a_malicious_tar_is_refused_while_streaming_too(cli, home, server, recipes, tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        info = tarfile.TarInfo("evil-1.0/../../escaped")
        info.size = 2
        tf.addfile(info, io.BytesIO(b"x\n"))
    evil = buf.getvalue()
    url = server.add("/dl/evil-1.0.tar.gz", evil)
    write_recipe(recipes, "evil", url, sha256=hashlib.sha256(evil).hexdigest())
    r = cli("install", "evil")
    assert r.rc == 1 and "climbs out with '..'" in r.err and "Traceback" not in r.err
    assert not list(tmp_path.rglob("escaped")) and _left_behind(home) == []


def test_the_config_mirrors_are_tried_before_an_unreachable_upstream(cli, home, recipes,
                                                                     tmp_path):
    upstream = f"http://127.0.0.1:{_closed_port()}/dl/hello-1.0.tar.gz"
    write_recipe(recipes, "hello", upstream, extra="")
    mirror = tmp_path / "site mirror"
    (mirror / "hello").mkdir(parents=True)
    (mirror / "hello" / "hello-1.0.tar.gz").write_bytes(HELLO_TGZ)
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(f'mirrors = ["{mirror}"]\n')
    r = cli("install", "hello", "--json", env={"ENVMGR_OFFLINE": "1"})
    assert r.rc == 0, r.err
    [got] = [o for o in r.json()["outcomes"] if o["soft"] == "hello"]
    assert got["action"] == "installed"
    (config / "config.toml").write_text("mirrors = 1\n")
    r = cli("install", "hello")
    assert r.rc == 2 and "'mirrors' must be a list of strings" in r.err
