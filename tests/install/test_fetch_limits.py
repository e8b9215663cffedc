"""Bounds of the fetch layer, through the real CLI and a real loopback server: bombs
(tar.gz, zip, tar.zst), slow servers, byte caps, the error messages, cancelling."""

from __future__ import annotations

import hashlib
import io
import re
import tarfile
import threading
import time
import zipfile
from pathlib import Path

import pytest
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture
from test_install_faults import _left_behind

from envmgr.install.fetch.extract import zstd_supported

BIG = 40 << 20  # zeros: 40 MiB that gzip and zip squeeze under 100 KB


@pytest.fixture
def recipes(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "recipes"
    folder.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(folder))
    return folder


def _config(home: Path, text: str) -> None:
    folder = home.parent / "config"
    folder.mkdir(exist_ok=True)
    (folder / "config.toml").write_text(text)


def _recipe(folder: Path, name: str, url: str, data: bytes, extra: str = "") -> None:
    (folder / f"{name}.toml").write_text(f"""schema_version = 1
name = "{name}"
summary = "{name}, a test archive"
[[versions]]
version = "1.0"
[[versions.sources]]
url = "{url}"
sha256 = "{hashlib.sha256(data).hexdigest()}"
strip_components = 1
{extra}
[frontend]
name = "download"
""")


def _tar_gz(files: dict[str, int], top: str = "bomb-1.0") -> bytes:
    """A .tar.gz of files of zeros, name -> size."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, size in files.items():
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = size
            tf.addfile(info, io.BytesIO(bytes(size)))
    return buf.getvalue()


def _zip(files: dict[str, int], top: str = "bomb-1.0") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, size in files.items():
            zf.writestr(f"{top}/{name}", bytes(size))
    return buf.getvalue()


def _balanced(text: str) -> bool:
    """Every bracket closed in order and every quote paired (``can't`` is no quote)."""
    stack: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for i, ch in enumerate(text):
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
        elif ch in "'\"":
            if ch == "'" and 0 < i < len(text) - 1 and text[i - 1].isalnum() \
                    and text[i + 1].isalnum():
                continue
            if stack and stack[-1] == ch:
                stack.pop()
            else:
                stack.append(ch)
    return not stack


def _error(err: str) -> str:
    [line] = [x for x in err.splitlines() if x.startswith("envmgr: error:")]
    assert "Traceback" not in err
    return line


# ---------------------------------------------------------------- decompression bombs


@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
def test_a_decompression_bomb_is_refused_with_the_numbers_and_nothing_left(
        cli, home, server, recipes, kind):
    data = _tar_gz({"zeros": BIG}) if kind == "tar.gz" else _zip({"zeros": BIG})
    assert len(data) < 100_000
    url = server.add(f"/dl/bomb-1.0.{kind}", data)
    _recipe(recipes, "bomb", url, data)
    start = time.monotonic()
    r = cli("install", "bomb")
    assert r.rc == 1, r.err
    line = _error(r.err)
    # the archive, the bound and the member's size, in one line
    assert f"bomb-1.0.{kind}: refusing to unpack more than 16.0 MiB" in line, line
    assert "max_unpacked_ratio" in line and str(BIG) in line and "zeros" in line
    assert time.monotonic() - start < 30
    assert _left_behind(home) == [] and cli("list", "--json").json() == []


@pytest.mark.skipif(not zstd_supported(), reason="this Python reads no .tar.zst")
def test_a_tar_zst_bomb_is_refused_too(cli, home, server, recipes):
    import zstandard  # type: ignore[import-not-found,unused-ignore]

    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w") as tf:
        info = tarfile.TarInfo("bomb-1.0/zeros")
        info.size = BIG
        tf.addfile(info, io.BytesIO(bytes(BIG)))
    data = zstandard.ZstdCompressor().compress(plain.getvalue())
    url = server.add("/dl/bomb-1.0.tar.zst", data)
    _recipe(recipes, "bomb", url, data)
    r = cli("install", "bomb")
    assert r.rc == 1 and "bomb-1.0.tar.zst: refusing to unpack more than" in _error(r.err)
    assert _left_behind(home) == []


def test_the_config_sets_the_ceiling_and_the_member_count(cli, home, server, recipes):
    data = _tar_gz({f"f{i}": 1000 for i in range(20)})
    url = server.add("/dl/many-1.0.tar.gz", data)
    _recipe(recipes, "many", url, data)
    _config(home, "[install]\nmax_unpacked_members = 10\n")
    r = cli("install", "many")
    assert r.rc == 1
    assert "many-1.0.tar.gz: refusing to unpack more than 10 members ([install] " \
           "max_unpacked_members)" in _error(r.err)
    _config(home, "[install]\nmax_unpacked_bytes = 5000\n")
    r = cli("install", "many")
    assert r.rc == 1 and "more than 4.9 KiB (5000 bytes; [install] max_unpacked_bytes)" \
        in _error(r.err)
    assert _left_behind(home) == []
    _config(home, "[install]\nmax_unpacked_bytes = 20000\n")
    assert cli("install", "many").rc == 0


def test_a_recipe_declares_the_unpacked_size_and_no_more_is_written(
        cli, home, server, recipes):
    data = _tar_gz({"a": 3000, "b": 3000})
    url = server.add("/dl/sized-1.0.tar.gz", data)
    _recipe(recipes, "sized", url, data, extra="unpacked_size = 5999")
    r = cli("install", "sized")
    assert r.rc == 1
    assert "(5999 bytes; the recipe's unpacked_size)" in _error(r.err)
    assert _left_behind(home) == []
    _recipe(recipes, "sized", url, data, extra="unpacked_size = 6000")
    assert cli("install", "sized").rc == 0


def test_a_wrong_limit_in_the_config_is_one_line_naming_the_key(cli, home):
    _config(home, '[install]\nmax_unpacked_ratio = "lots"\n')
    r = cli("list")
    assert r.rc == 2
    assert "'install.max_unpacked_ratio' must be a number >= 0, not 'lots'" in _error(r.err)
    _config(home, "[download]\nmin_rate = -1\n")
    assert "'download.min_rate' must be a number >= 0" in _error(cli("list").err)


# ---------------------------------------------------------------- slow servers


def test_a_server_dripping_bytes_fails_on_the_rate_floor_with_url_and_rate(
        cli, home, server, recipes):
    data = _tar_gz({"x": 10})
    url = server.add("/dl/slow-1.0.tar.gz", data, mode="drip", stall=0.2)
    _recipe(recipes, "slow", url, data)
    _config(home, "[download]\nmin_rate = 100\nrate_window = 1.5\n")
    start = time.monotonic()
    r = cli("install", "slow")
    took = time.monotonic() - start
    assert r.rc == 1 and took < 15, (took, r.err)
    line = _error(r.err)
    assert url in line and "too slow:" in line and "bytes/s" in line, line
    m = re.search(r"too slow: (\d+) bytes in the last (\d+) s, ([\d.]+) bytes/s", line)
    assert m and 0 < float(m[3]) < 100, line
    assert _balanced(line), line
    # the bytes that came stay in the partial file, for the next try to resume
    assert [p for p in _left_behind(home) if not p.startswith("cache/")] == []


def test_an_overall_deadline_bounds_retries_and_urls(cli, home, server, recipes):
    data = _tar_gz({"x": 10})
    url = server.add("/dl/late-1.0.tar.gz", data, mode="drip", stall=0.2)
    other = server.add("/other/late-1.0.tar.gz", data, mode="drip", stall=0.2)
    _recipe(recipes, "late", url, data, extra=f'mirrors = ["{other}"]')
    _config(home, "[download]\nmin_rate = 0\ndeadline = 2\n")
    start = time.monotonic()
    r = cli("install", "late")
    took = time.monotonic() - start
    assert r.rc == 1 and took < 12, (took, r.err)
    line = _error(r.err)
    assert "within 2 s" in line and url in line and "[download] deadline" in line, line
    assert "bytes/s" in line and _balanced(line)
    assert server.routes["/other/late-1.0.tar.gz"].hits == 0  # the deadline is for the file


def test_a_server_dripping_its_headers_is_stopped_too(cli, home, server, recipes):
    data = _tar_gz({"x": 10})
    url = server.add("/dl/head-1.0.tar.gz", data, mode="drip-head", stall=0.1)
    _recipe(recipes, "head", url, data)
    _config(home, "[download]\nmin_rate = 100\nrate_window = 1.5\n")
    start = time.monotonic()
    r = cli("install", "head")
    took = time.monotonic() - start
    assert r.rc == 1 and took < 15, (took, r.err)
    line = _error(r.err)
    assert url in line and "too slow: 0 bytes in the last 2 s, 0.0 bytes/s" in line, line
    _config(home, "[download]\nmin_rate = 0\ndeadline = 1.5\n")
    line = _error(cli("install", "head").err)
    assert "within 1.5 s" in line and "[download] deadline" in line, line


def test_a_body_of_unknown_length_is_capped_by_the_config(cli, home, server, recipes):
    data = _tar_gz({"x": 300_000}) + bytes(200_000)
    url = server.add("/dl/long-1.0.tar.gz", data, length=False)
    _recipe(recipes, "long", url, data)
    _config(home, f"[download]\nmax_bytes = {len(data) - 1}\n")
    r = cli("install", "long")
    assert r.rc == 1
    assert f"more than the {len(data) - 1} bytes [download] max_bytes allows" in _error(r.err)
    _config(home, f"[download]\nmax_bytes = {len(data)}\n")
    assert cli("install", "long").rc == 0


# ---------------------------------------------------------------- messages


def test_a_truncated_download_says_so_with_balanced_quotes_and_brackets(
        cli, home, server, recipes):
    data = _tar_gz({"x": 100_000}) + bytes(100_000)
    url = server.add("/dl/cut-1.0.tar.gz", data, mode="drop", drop_after=1000, drops=99)
    _recipe(recipes, "cut", url, data)
    r = cli("install", "cut")
    assert r.rc == 1
    line = _error(r.err)
    # each try resumed where the last one was cut: 1000 bytes more each time
    assert f"connection dropped after 4000 of {len(data)} bytes" in line, line
    assert _balanced(line), line


def test_a_redirect_to_another_host_names_both_urls(cli, home, server, recipes):
    data = _tar_gz({"x": 10})
    gone = server.url.replace("127.0.0.1", "localhost") + "/elsewhere/moved-1.0.tar.gz"
    url = server.add("/dl/moved-1.0.tar.gz", b"", mode="redirect", location=gone)
    _recipe(recipes, "moved", url, data)
    r = cli("install", "moved")
    assert r.rc == 1
    line = _error(r.err)
    assert f"{url} (redirected to {gone}: HTTP 404)" in line, line
    # the same when the second host cannot even be reached
    dead = "http://localhost:9/nowhere/moved-1.0.tar.gz"
    server.routes["/dl/moved-1.0.tar.gz"].location = dead
    line = _error(cli("install", "moved").err)
    assert url in line and f"redirected to {dead}: cannot connect" in line, line
    assert _balanced(line), line


def test_every_message_of_the_fetch_layer_is_balanced():
    from envmgr.install.fetch.download import _balanced as tidy
    from envmgr.install.fetch.download import _short

    class Inner(Exception):
        pass

    texts = ["Connection broken: IncompleteRead(1000 bytes read, 99000 more expected)",
             "HTTPConnectionPool(host='x', port=1): Max retries exceeded (Caused by "
             "NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: "
             "Failed to establish a new connection: [Errno 111] Connection refused'))",
             "a 'quoted [thing", "can't (stop", "x" * 150 + " ('cut here', 42)"]
    for text in texts:
        assert _balanced(tidy(text)), tidy(text)
        assert _balanced(_short(Inner(text))), _short(Inner(text))


# ---------------------------------------------------------------- cancelling


def test_a_cancelled_extraction_stops_before_buffered_data_and_is_joined(server, tmp_path):
    from envmgr.install.fetch.cache import DownloadCache
    from envmgr.install.fetch.stream import _Abort, _Blocks, cancel_all, fetch_extracting
    from envmgr.install.recipe import Source

    blocks = _Blocks()
    blocks.put(0, b"x" * 10)
    blocks.cancel()
    with pytest.raises(_Abort):
        blocks.read(5)  # data was buffered, but the flag wins

    # a big archive sent slowly: cancel_all() returns only once the tree is gone
    data = _tar_gz({f"f{i}": 1 << 20 for i in range(8)})
    url = server.add("/dl/slowish-1.0.tar.gz", data + bytes(4096), mode="drip", stall=0.01,
                     drip_bytes=64 << 10)
    whole = data + bytes(4096)
    src = Source(url=url, sha256=hashlib.sha256(whole).hexdigest(),
                 filename="slowish-1.0.tar.gz", extract=True, strip_components=1)
    dest = tmp_path / "x"
    out: list[object] = []
    worker = threading.Thread(target=lambda: out.append(fetch_extracting(
        src, DownloadCache(tmp_path / "c"), dest, name="slowish", fetch_kw={})))
    worker.start()
    for _ in range(400):
        if dest.exists():
            break
        time.sleep(0.01)
    assert dest.exists()
    assert cancel_all() == 1
    # what cleanup relies on: once cancel_all returns, no extractor is still writing, so
    # removing staging cannot race one
    assert not [t for t in threading.enumerate() if t.name == "envmgr-extract"]
    worker.join(60)
    got, done = out[0]  # type: ignore[misc]
    assert not done and got.size == len(whole)
    assert not dest.exists()  # a cancelled stream leaves no tree


# ---------------------------------------------------------------- the streamed path


def _inflaters() -> list[object]:
    """zlib always; python-isal and zlib-ng where installed (CI has only zlib)."""
    import importlib
    import zlib

    found: list[object] = [zlib]
    for name in ("isal.isal_zlib", "zlib_ng.zlib_ng"):
        try:
            found.append(importlib.import_module(name))
        except ImportError:
            pass
    return found


@pytest.mark.parametrize("inflater", _inflaters(), ids=lambda m: m.__name__)  # type: ignore[attr-defined]
@pytest.mark.parametrize("suffix", [".tar.gz", ".tar"])
def test_the_streamed_tree_is_the_tree_of_the_whole_file(tmp_path, monkeypatch, inflater,
                                                         suffix):
    """Long (pax) names, a hard link, a symlink, empty and large files, through the
    forward-only reader and each inflater, give what extracting the file gives."""
    import os

    from envmgr.install.fetch import extract as ex

    monkeypatch.setattr(ex, "inflater_module", lambda: inflater)
    buf = io.BytesIO()
    mode = "w:gz" if suffix == ".tar.gz" else "w"
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.PAX_FORMAT) as tf:
        def add(name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE,
                link: str = "") -> None:
            info = tarfile.TarInfo(f"t-1.0/{name}")
            info.type, info.linkname, info.size = kind, link, len(data)
            info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
            tf.addfile(info, io.BytesIO(data) if data else None)
        add("d", kind=tarfile.DIRTYPE)
        add("d/" + "long-name-" * 20 + ".txt", b"long\n")
        add("d/big.bin", os.urandom(3 << 20))
        add("d/empty")
        add("d/hard", kind=tarfile.LNKTYPE, link="t-1.0/d/big.bin")
        add("d/soft", kind=tarfile.SYMTYPE, link="big.bin")
    archive = tmp_path / f"t-1.0{suffix}"
    archive.write_bytes(buf.getvalue())
    whole = ex.extract(archive, tmp_path / "whole", strip_components=1)
    with open(archive, "rb") as fh:
        streamed = ex.extract(archive, tmp_path / "streamed", strip_components=1, stream=fh,
                              archive_size=archive.stat().st_size)

    def tree(root: Path) -> dict[str, object]:
        return {str(p.relative_to(root)): (os.readlink(p) if p.is_symlink() else
                                           p.read_bytes() if p.is_file() else "dir")
                for p in sorted(root.rglob("*"))}
    assert tree(streamed) == tree(whole) and len(tree(whole)) == 6
    assert (streamed / "d" / "hard").stat().st_ino == (streamed / "d" / "big.bin").stat().st_ino
