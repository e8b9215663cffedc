"""Downloads against a real HTTP server on loopback: mirrors, resume, faults, checksums."""

from __future__ import annotations

import gzip
import hashlib
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture

from envmgr.install.errors import ChecksumError, FetchError, OfflineError
from envmgr.install.fetch.cache import DownloadCache
from envmgr.install.fetch.checksum import Hasher, hash_file
from envmgr.install.fetch.download import candidate_urls, fetch, is_offline
from envmgr.install.recipe import Source

DATA = os.urandom(300_000)
SHA = hashlib.sha256(DATA).hexdigest()
MD5 = hashlib.md5(DATA).hexdigest()
FAST = {"retries": 2, "backoff": 0.01, "connect_timeout": 2.0, "read_timeout": 2.0}


def src(url: str, **kw: object) -> Source:
    kw.setdefault("sha256", SHA)
    kw.setdefault("filename", "pkg-1.0.tar.gz")
    return Source(url=url, **kw)  # type: ignore[arg-type]


@pytest.fixture
def cache(tmp_path: Path) -> DownloadCache:
    return DownloadCache(tmp_path / "cache")


def test_plain_download_is_verified_and_cached(server, cache):
    url = server.add("/up/pkg-1.0.tar.gz", DATA)
    seen: list[tuple[int, int | None]] = []
    got = fetch(src(url), cache, name="pkg", progress=lambda n, t: seen.append((n, t)), **FAST)
    assert got.sha256 == SHA and got.size == len(DATA) and got.url == url
    assert got.path == cache.path("sha256", SHA) and got.path.read_bytes() == DATA
    assert seen[-1] == (len(DATA), len(DATA)) and len(seen) > 1
    # the second fetch comes from the cache: no request reaches the server
    before = len(server.log)
    again = fetch(src(url), cache, name="pkg", **FAST)
    assert again.from_cache and again.path == got.path and len(server.log) == before


def test_mirrors_are_tried_before_upstream_by_sha256_then_by_name(server, cache):
    upstream = server.add("/up/pkg-1.0.tar.gz", DATA)
    server.add("/m2/pkg/pkg-1.0.tar.gz", DATA)
    mirrors = [server.url + "/m1", server.url + "/m2"]
    got = fetch(src(upstream), cache, name="pkg", mirrors=mirrors, **FAST)
    assert got.url == server.url + "/m2/pkg/pkg-1.0.tar.gz"
    tried = [p for p, _ in server.log]
    assert tried == [f"/m1/by-sha256/{SHA}", "/m1/pkg/pkg-1.0.tar.gz", f"/m2/by-sha256/{SHA}",
                     "/m2/pkg/pkg-1.0.tar.gz"]
    assert candidate_urls(src(upstream, mirrors=("https://alt/x",)), "pkg", ["/d"]) == [
        f"/d/by-sha256/{SHA}", "/d/pkg/pkg-1.0.tar.gz", upstream, "https://alt/x"]


def test_a_local_folder_mirror_serves_and_needs_no_network(tmp_path, cache, monkeypatch):
    mirror = tmp_path / "mirror"
    (mirror / "by-sha256").mkdir(parents=True)
    (mirror / "by-sha256" / SHA).write_bytes(DATA)
    monkeypatch.setenv("ENVMGR_OFFLINE", "1")
    assert is_offline()
    got = fetch(src("https://unreachable.invalid/pkg-1.0.tar.gz"), cache, name="pkg",
                mirrors=[str(mirror)], **FAST)
    assert got.path.read_bytes() == DATA and got.url == str(mirror / "by-sha256" / SHA)
    # a file:// mirror works the same way
    other = DownloadCache(tmp_path / "c2")
    got2 = fetch(src("https://unreachable.invalid/p"), other, name="pkg",
                 mirrors=[f"file://{mirror}"], **FAST)
    assert got2.sha256 == SHA


def test_offline_refuses_with_one_line(server, cache, monkeypatch):
    url = server.add("/up/pkg-1.0.tar.gz", DATA)
    monkeypatch.setenv("ENVMGR_OFFLINE", "1")
    with pytest.raises(OfflineError) as err:
        fetch(src(url), cache, name="pkg", **FAST)
    text = str(err.value)
    assert "\n" not in text and "ENVMGR_OFFLINE" in text and "pkg-1.0.tar.gz" in text
    assert server.log == []  # nothing went out


def test_dropped_connection_is_resumed_with_range_and_hashed_once(server, cache):
    url = server.add("/up/pkg-1.0.tar.gz", DATA, mode="drop", drop_after=100_000, drops=2)
    got = fetch(src(url), cache, name="pkg", **FAST)
    assert got.path.read_bytes() == DATA
    ranges = server.requests_for("/up/pkg-1.0.tar.gz")
    # each retry asks only for what is not on disk yet (a partly read block may be lost)
    assert ranges[0] is None and len(ranges) == 3
    offsets = [int(r[6:-1]) for r in ranges[1:] if r]
    assert len(offsets) == 2 and 0 < offsets[0] <= 100_000 < offsets[1] <= 200_000


def test_a_partial_left_by_another_process_is_resumed(server, cache, monkeypatch):
    url = server.add("/up/pkg-1.0.tar.gz", DATA)
    part = cache.partial(f"sha256-{SHA}")
    part.write_bytes(DATA[:123_456])
    fed: list[int] = []
    orig = Hasher.feed_file

    def spy(self: Hasher, path: str | Path, limit: int | None = None) -> int:
        n = orig(self, path, limit)
        fed.append(n)
        return n

    monkeypatch.setattr(Hasher, "feed_file", spy)
    got = fetch(src(url), cache, name="pkg", **FAST)
    assert got.path.read_bytes() == DATA and not part.exists()
    assert server.requests_for("/up/pkg-1.0.tar.gz") == ["bytes=123456-"]
    assert fed == [123_456]  # the old bytes were read once; the new ones never again


def test_a_corrupt_partial_is_discarded_and_fetched_again(server, cache):
    url = server.add("/up/pkg-1.0.tar.gz", DATA)
    cache.partial(f"sha256-{SHA}").write_bytes(b"garbage" * 1000)
    got = fetch(src(url), cache, name="pkg", **FAST)
    assert got.path.read_bytes() == DATA
    assert server.requests_for("/up/pkg-1.0.tar.gz") == ["bytes=7000-", None]


def test_a_server_that_ignores_range_restarts_cleanly(server, cache):
    url = server.add("/up/pkg-1.0.tar.gz", DATA, mode="no-range")
    cache.partial(f"sha256-{SHA}").write_bytes(DATA[:5000])
    got = fetch(src(url), cache, name="pkg", **FAST)
    assert got.path.read_bytes() == DATA


def test_wrong_bytes_from_a_mirror_fall_back_to_upstream(server, cache):
    upstream = server.add("/up/pkg-1.0.tar.gz", DATA)
    server.add(f"/m/by-sha256/{SHA}", DATA, mode="wrong")
    got = fetch(src(upstream), cache, name="pkg", mirrors=[server.url + "/m"], **FAST)
    assert got.url == upstream and got.path.read_bytes() == DATA


def test_checksum_mismatch_shows_url_and_both_checksums_and_keeps_nothing(server, cache):
    url = server.add("/up/pkg-1.0.tar.gz", DATA, mode="wrong")
    bad = hashlib.sha256(bytes((b + 1) % 256 for b in DATA)).hexdigest()
    with pytest.raises(ChecksumError) as err:
        fetch(src(url), cache, name="pkg", **FAST)
    text = str(err.value)
    assert url in text and SHA in text and bad in text
    assert cache.lookup("sha256", SHA) is None
    assert not cache.partial(f"sha256-{SHA}").exists()
    assert not list((cache.root / "by-sha256").glob("*")) if (cache.root / "by-sha256").exists() \
        else True


def test_md5_only_source_is_checked_and_cached_under_both(server, cache):
    url = server.add("/up/old.tar.gz", DATA)
    got = fetch(Source(url=url, md5=MD5, filename="old.tar.gz"), cache, name="old", **FAST)
    assert got.sha256 == SHA and got.digests["md5"] == MD5
    again = fetch(Source(url=url, md5=MD5, filename="old.tar.gz"), cache, name="old", **FAST)
    assert again.from_cache and again.sha256 == SHA


def test_unchecked_source_needs_permission_and_reports_the_sha256_seen(server, cache):
    url = server.add("/up/nightly.zip", DATA)
    source = Source(url=url, filename="nightly.zip", unchecked_reason="upstream publishes none")
    with pytest.raises(FetchError) as err:
        fetch(source, cache, name="nightly", **FAST)
    assert "no published checksum" in str(err.value) and "--no-checksum" in str(err.value)
    assert server.log == []
    got = fetch(source, cache, name="nightly", allow_unchecked=True, **FAST)
    assert got.sha256 == SHA and got.path == cache.path("sha256", SHA)


def test_transient_http_errors_are_retried(server, cache):
    url = server.add("/up/pkg-1.0.tar.gz", DATA, mode="status", status=503, fails=2)
    got = fetch(src(url), cache, name="pkg", **FAST)
    assert got.path.read_bytes() == DATA and len(server.requests_for("/up/pkg-1.0.tar.gz")) == 3


def test_every_url_tried_is_listed_when_all_fail(server, cache):
    # a port nobody listens on: connection refused, fast
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    upstream = server.url + "/up/missing.tar.gz"  # 404
    source = src(upstream, mirrors=(dead + "/alt/pkg-1.0.tar.gz",))
    start = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(source, cache, name="pkg", mirrors=[dead + "/mirror"], **FAST)
    assert time.monotonic() - start < 10
    text = str(err.value)
    for url in candidate_urls(source, "pkg", [dead + "/mirror"]):
        assert url in text
    assert "HTTP 404" in text and "cannot connect" in text
    assert len(err.value.attempts) == 4


def test_a_stalled_server_times_out(server, cache):
    url = server.add("/up/pkg-1.0.tar.gz", DATA, mode="slow", stall=0.8)
    with pytest.raises(FetchError) as err:
        fetch(src(url), cache, name="pkg", retries=1, backoff=0.01, connect_timeout=1.0,
              read_timeout=0.3)
    assert "timed out" in str(err.value)


def test_more_bytes_than_the_recipe_size_are_refused(server, cache):
    url = server.add("/up/pkg-1.0.tar.gz", DATA)
    with pytest.raises(FetchError) as err:
        fetch(src(url, size=1000), cache, name="pkg", **FAST)
    assert "more than the 1000 bytes" in str(err.value)
    assert not cache.partial(f"sha256-{SHA}").exists()


def test_two_fetchers_of_one_file_download_it_once(server, cache):
    url = server.add("/up/pkg-1.0.tar.gz", DATA, mode="slow", stall=0.3)
    results: list[object] = []

    def run() -> None:
        results.append(fetch(src(url), DownloadCache(cache.root), name="pkg", **FAST))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert len(results) == 2
    assert len(server.requests_for("/up/pkg-1.0.tar.gz")) == 1
    assert sorted(r.from_cache for r in results) == [False, True]  # type: ignore[attr-defined]


def test_hash_file_matches_hashlib(tmp_path):
    p = tmp_path / "f"
    p.write_bytes(DATA)
    assert hash_file(p, ["sha256", "md5"]) == {"sha256": SHA, "md5": MD5}
    with pytest.raises(ValueError):
        Hasher(["crc32"])


def test_content_encoding_gzip_is_not_undone_on_the_way(server, cache):
    # some servers label a .tar.gz "Content-Encoding: gzip"; the published checksum is of
    # the gzip bytes, so they must reach the disk as sent
    gz = gzip.compress(b"tar bytes" * 1000)
    url = server.add("/up/x.tar.gz", gz, headers={"Content-Encoding": "gzip"})
    got = fetch(Source(url=url, sha256=hashlib.sha256(gz).hexdigest(), filename="x.tar.gz"),
                cache, name="x", **FAST)
    assert got.path.read_bytes() == gz


def test_an_unusable_cache_is_one_clear_error(server, tmp_path):
    url = server.add("/up/pkg-1.0.tar.gz", DATA)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache should be")
    with pytest.raises(FetchError, match="cannot use the download cache"):
        fetch(src(url), DownloadCache(blocker), name="pkg", **FAST)


def test_background_hasher_closes_after_a_put_a_signal_cut_short():
    """A signal raised inside ``Queue.put`` between counting a block and waking the worker
    (what Python may do between two bytecodes) must not hang the cleanup that closes the
    hasher; the block is still hashed."""
    import hashlib
    import threading
    import time

    from envmgr.install.fetch.checksum import Hasher

    h = Hasher(["sha256"], background=True)
    time.sleep(0.1)  # the worker waits in get()
    q = h._queue
    assert q is not None
    with q.mutex:  # put()'s work up to its notify(), which the signal skipped
        q._put(b"abc")  # type: ignore[attr-defined]
        q.unfinished_tasks += 1
    closing = threading.Thread(target=h.close, daemon=True)
    closing.start()
    closing.join(10)
    assert not closing.is_alive(), "close() hung waiting for a worker nobody woke"
    assert h.hexdigest() == hashlib.sha256(b"abc").hexdigest()
