"""Downloads of recipe sources: mirrors first, resume, checksums on the fly, the cache.

Order of URLs tried for a source (:func:`candidate_urls`):

1. each configured mirror, in order; per mirror first ``<mirror>/by-sha256/<sha256>`` (when
   the source has a sha256), then ``<mirror>/<name>/<filename>``. A mirror is an
   ``http(s)://`` or ``file://`` URL or a local folder;
2. the source's upstream ``url``;
3. the source's own ``mirrors`` (other URLs of the same bytes), in order.

Each URL is tried with retries and exponential backoff for transient faults (connection
refused or reset, timeouts, a dropped connection mid-body, HTTP 408/429/5xx); a retry
resumes with an HTTP ``Range`` request from the bytes already on disk. The checksum is
computed while the bytes are written: never in a second pass (bytes a previous process
left in the partial file are hashed once when resuming). Proxies come from requests' usual
environment variables (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``). A checksum mismatch
discards the partial file and moves on to the next URL; when every URL fails, the error
lists each URL with its reason. ``ENVMGR_OFFLINE=1`` allows only the cache and local
mirrors.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from envmgr.install.errors import ChecksumError, FetchError, OfflineError
from envmgr.install.fetch.cache import DownloadCache
from envmgr.install.fetch.checksum import Hasher
from envmgr.install.recipe import Source

if TYPE_CHECKING:
    import requests

__all__ = ["Fetched", "Progress", "candidate_urls", "fetch", "is_offline", "USER_AGENT"]

#: called with (bytes so far, total bytes or None) as a download proceeds
Progress = Callable[[int, "int | None"], None]
USER_AGENT = "envmgr (+https://github.com/envmgr/envmgr)"
_CHUNK = 1 << 18  # fewer, larger blocks: Python's cost is per block
_TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Fetched:
    """A fetched, verified file in the cache."""

    path: Path
    sha256: str
    size: int
    #: where the bytes came from; "" when they were already in the cache
    url: str
    from_cache: bool
    #: every digest computed (sha256 always; md5 too for md5-only sources)
    digests: dict[str, str]


class _Transient(Exception):
    """A fault worth retrying on the same URL."""


class _Permanent(Exception):
    """A fault that retrying the same URL will not fix."""


class _Mismatch(Exception):
    def __init__(self, algorithm: str, expected: str, got: str) -> None:
        super().__init__(f"checksum mismatch: expected {algorithm} {expected}, got {got}")
        self.algorithm = algorithm
        self.expected = expected
        self.got = got


def is_offline() -> bool:
    """True when ``ENVMGR_OFFLINE`` is set to something other than 0/false/no."""
    value = os.environ.get("ENVMGR_OFFLINE", "").strip().lower()
    return value not in ("", "0", "false", "no", "off")


def _is_local(location: str) -> bool:
    return location.startswith("file://") or "://" not in location


def _local_path(location: str) -> Path:
    if location.startswith("file://"):
        return Path(unquote(urlsplit(location).path))
    return Path(location).expanduser()


def _join(base: str, *parts: str) -> str:
    if _is_local(base) and not base.startswith("file://"):
        return str(Path(base, *parts))
    return base.rstrip("/") + "/" + "/".join(quote(p, safe="") for p in parts)


def candidate_urls(source: Source, name: str, mirrors: Sequence[str] = ()) -> list[str]:
    """Every location to try for ``source`` of recipe ``name``, in order, without repeats."""
    out: list[str] = []
    for mirror in mirrors:
        if not mirror:
            continue
        if source.sha256:
            out.append(_join(mirror, "by-sha256", source.sha256))
        out.append(_join(mirror, name, source.filename))
    out.append(source.url)
    out.extend(source.mirrors)
    return list(dict.fromkeys(out))


def _session() -> requests.Session:
    import requests

    s = requests.Session()  # trust_env: proxies and NO_PROXY from the environment
    s.headers["User-Agent"] = USER_AGENT
    s.headers["Accept-Encoding"] = "identity"  # bytes as published, so checksums hold
    return s


def fetch(
    source: Source,
    cache: DownloadCache,
    *,
    name: str,
    mirrors: Sequence[str] = (),
    allow_unchecked: bool = False,
    offline: bool | None = None,
    session: requests.Session | None = None,
    connect_timeout: float = 10.0,
    read_timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    max_backoff: float = 8.0,
    progress: Progress | None = None,
    lock_timeout: float = 600.0,
) -> Fetched:
    """Fetch ``source`` of recipe ``name`` into ``cache`` and return the verified file.

    :param mirrors: site mirrors (URLs or folders), tried before upstream.
    :param allow_unchecked: accept a source without a published checksum (``--no-checksum``);
        the sha256 seen is in the result.
    :param offline: refuse the network; None reads ``ENVMGR_OFFLINE``.
    :param retries: extra tries per URL for transient faults, ``backoff`` seconds doubling.
    :param progress: called with (bytes so far, total or None).
    :raises ChecksumError: the bytes from some URL did not match, and no URL gave the right
        ones (the URL and both checksums are in the message).
    :raises OfflineError: offline and the file is neither cached nor in a local mirror.
    :raises FetchError: every URL failed; each is listed with its reason.
    """
    expected = source.checksum
    if expected is None and not allow_unchecked:
        why = f" ({source.unchecked_reason})" if source.unchecked_reason else ""
        raise FetchError(
            f"{source.url} has no published checksum{why}",
            suggestion="pass --no-checksum to accept it; the sha256 seen is then recorded",
        )
    if expected is not None:
        key = f"{expected[0]}-{expected[1]}"
        hit = _from_cache(cache, expected)
        if hit is not None:
            return hit
    else:
        key = "url-" + hashlib.sha256(source.url.encode()).hexdigest()[:24]
    offline = is_offline() if offline is None else offline
    algorithms = ["sha256"] + ([expected[0]] if expected and expected[0] != "sha256" else [])
    try:
        lock = cache.lock(key, timeout=lock_timeout)
        part = cache.partial(key)
    except OSError as exc:
        raise FetchError(f"cannot use the download cache {cache.root}: "
                         f"{exc.strerror or exc}",
                         suggestion="check that ENVMGR_HOME is writable and has space") from None
    try:
        lock.acquire()
    except TimeoutError:  # filelock.Timeout derives from it
        raise FetchError(f"another envmgr has held the download lock of {source.filename} for "
                         f"{lock_timeout:.0f} s", suggestion=f"remove {lock.lock_file} if no "
                         "envmgr is running") from None
    try:
        return _fetch_locked(source, cache, name, mirrors, expected, algorithms, part,
                             offline, session, connect_timeout, read_timeout, retries, backoff,
                             max_backoff, progress)
    finally:
        lock.release()


def _fetch_locked(
    source: Source,
    cache: DownloadCache,
    name: str,
    mirrors: Sequence[str],
    expected: tuple[str, str] | None,
    algorithms: Sequence[str],
    part: Path,
    offline: bool,
    session: requests.Session | None,
    connect_timeout: float,
    read_timeout: float,
    retries: int,
    backoff: float,
    max_backoff: float,
    progress: Progress | None,
) -> Fetched:
    """The body of :func:`fetch`, run while the lock of this file is held."""
    if expected is not None:  # another process may have fetched it while we waited
        hit = _from_cache(cache, expected)
        if hit is not None:
            return hit
    attempts: list[tuple[str, str]] = []
    mismatches: list[tuple[str, _Mismatch]] = []
    skipped_offline = 0
    for url in candidate_urls(source, name, mirrors):
        if offline and not _is_local(url):
            skipped_offline += 1
            continue
        try:
            digests, size = _fetch_one(
                url, part, algorithms, expected, source.size, session, connect_timeout,
                read_timeout, retries, backoff, max_backoff, progress,
            )
        except _Mismatch as exc:
            mismatches.append((url, exc))
            attempts.append((url, str(exc)))
            continue
        except (_Permanent, _Transient) as exc:
            attempts.append((url, str(exc)))
            continue
        sha = digests["sha256"]
        also = expected if expected and expected[0] != "sha256" else None
        try:
            path = cache.add(part, sha, also)
        except OSError as exc:
            raise FetchError(f"cannot store {source.filename} in the download cache: "
                             f"{exc.strerror or exc}") from None
        return Fetched(path, sha, size, url, False, digests)
    if offline and not attempts:
        raise OfflineError(
            f"ENVMGR_OFFLINE is set and {source.filename} of {name} is neither in the "
            f"download cache nor in a local mirror ({skipped_offline} network URL"
            f"{'s' if skipped_offline != 1 else ''} not tried)",
            suggestion="unset ENVMGR_OFFLINE, or pass --mirror DIR holding the file",
        )
    if offline:
        attempts.append((f"{skipped_offline} network URL(s)", "not tried: ENVMGR_OFFLINE"))
    if mismatches:
        url, bad = mismatches[0]
        raise ChecksumError(
            f"checksum mismatch for {url}: the recipe says {bad.algorithm} {bad.expected}, "
            f"the bytes have {bad.got}; the bad file was discarded",
            attempts,
        )
    raise FetchError(f"could not fetch {source.filename} of {name}", attempts)


def _from_cache(cache: DownloadCache, expected: tuple[str, str]) -> Fetched | None:
    path = cache.lookup(*expected)
    if path is None:
        return None
    sha = expected[1] if expected[0] == "sha256" else path.name
    digests = {"sha256": sha}
    if expected[0] != "sha256":
        digests[expected[0]] = expected[1]
    return Fetched(path, sha, path.stat().st_size, "", True, digests)


def _fetch_one(
    url: str,
    part: Path,
    algorithms: Sequence[str],
    expected: tuple[str, str] | None,
    size: int | None,
    session: requests.Session | None,
    connect_timeout: float,
    read_timeout: float,
    retries: int,
    backoff: float,
    max_backoff: float,
    progress: Progress | None,
) -> tuple[dict[str, str], int]:
    """Fetch one URL into ``part`` and verify; raise _Mismatch/_Permanent/_Transient."""
    if _is_local(url):
        hasher = _copy_local(_local_path(url), part, algorithms, size, progress)
    else:
        hasher = Hasher(algorithms)
        resumed = False
        if part.exists():
            # bytes a previous attempt left: hash them once, then ask only for the rest
            hasher.feed_file(part)
            resumed = hasher.count > 0
        own = session or _session()
        try:
            _http_with_retries(own, url, part, hasher, size, (connect_timeout, read_timeout),
                               retries, backoff, max_backoff, progress)
        finally:
            if session is None:
                own.close()
        if resumed and expected is not None and hasher.hexdigest(expected[0]) != expected[1]:
            # the old partial bytes may have been the fault: once more from the start
            part.unlink(missing_ok=True)
            hasher = Hasher(algorithms)
            own = session or _session()
            try:
                _http_with_retries(own, url, part, hasher, size,
                                   (connect_timeout, read_timeout), retries, backoff,
                                   max_backoff, progress)
            finally:
                if session is None:
                    own.close()
    digests = hasher.digests()
    if expected is not None and digests[expected[0]] != expected[1]:
        part.unlink(missing_ok=True)
        raise _Mismatch(expected[0], expected[1], digests[expected[0]])
    return digests, hasher.count


def _copy_local(
    src: Path, part: Path, algorithms: Sequence[str], size: int | None,
    progress: Progress | None,
) -> Hasher:
    hasher = Hasher(algorithms)
    try:
        fh = open(src, "rb")
    except FileNotFoundError:
        raise _Permanent("not found") from None
    except OSError as exc:
        raise _Permanent(exc.strerror or str(exc)) from None
    total = size
    try:
        total = os.fstat(fh.fileno()).st_size
    except OSError:
        pass
    with fh:
        try:
            # a new file, never the old one truncated: a reader of the partial file
            # (fetch/stream.py) must never see stale bytes turn into new ones
            part.unlink(missing_ok=True)
            out = open(part, "wb")
        except OSError as exc:
            raise _cannot_write(part, exc) from None
        with out:
            while True:
                try:
                    block = fh.read(1 << 20)
                except OSError as exc:  # the mirror's fault: another URL may do
                    part.unlink(missing_ok=True)
                    raise _Permanent(exc.strerror or str(exc)) from None
                if not block:
                    break
                try:
                    out.write(block)
                except OSError as exc:  # ours (disk full, read-only): no URL would help
                    out.close()
                    part.unlink(missing_ok=True)
                    raise _cannot_write(part, exc) from None
                hasher.update(block)
                if size is not None and hasher.count > size:
                    out.close()
                    part.unlink(missing_ok=True)
                    raise _Permanent(f"more than the {size} bytes the recipe gives")
                if progress is not None:
                    progress(hasher.count, total)
        try:
            out.close()  # a write the page cache took may still fail here
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise _cannot_write(part, exc) from None
    return hasher


def _cannot_write(part: Path, exc: OSError) -> FetchError:
    return FetchError(f"cannot write {part}: {exc.strerror or exc}",
                      suggestion="free some space or check the permissions of ENVMGR_HOME")


def _http_with_retries(
    session: requests.Session,
    url: str,
    part: Path,
    hasher: Hasher,
    size: int | None,
    timeout: tuple[float, float],
    retries: int,
    backoff: float,
    max_backoff: float,
    progress: Progress | None,
) -> None:
    last = "no attempt made"
    for attempt in range(max(0, retries) + 1):
        if attempt:
            time.sleep(min(max_backoff, backoff * (2 ** (attempt - 1))))
        try:
            _http_once(session, url, part, hasher, size, timeout, progress)
            return
        except _Transient as exc:
            last = str(exc)
    raise _Transient(f"{last} (after {max(0, retries) + 1} tries)")


def _http_once(
    session: requests.Session,
    url: str,
    part: Path,
    hasher: Hasher,
    size: int | None,
    timeout: tuple[float, float],
    progress: Progress | None,
) -> None:
    import requests
    import urllib3

    offset = hasher.count
    if size is not None and offset == size and offset > 0:
        return  # the partial file is already complete; the checksum decides
    headers = {"Range": f"bytes={offset}-"} if offset else {}
    try:
        resp = session.get(url, stream=True, timeout=timeout, headers=headers,
                           allow_redirects=True)
    except requests.exceptions.Timeout as exc:
        raise _Transient(f"timed out ({_short(exc)})") from None
    except requests.exceptions.ConnectionError as exc:
        raise _Transient(f"cannot connect ({_short(exc)})") from None
    except requests.exceptions.RequestException as exc:
        raise _Permanent(_short(exc)) from None
    with resp:
        status = resp.status_code
        if status == 416 and offset:
            _restart(part, hasher)
            raise _Transient("the server refused to resume (HTTP 416); starting again")
        if status in _TRANSIENT_STATUS:
            raise _Transient(f"HTTP {status}")
        if status >= 400:
            raise _Permanent(f"HTTP {status}")
        if status == 206:
            start = _range_start(resp.headers.get("Content-Range", ""))
            if start != offset:
                _restart(part, hasher)
                raise _Transient(f"the server resumed at byte {start}, not {offset}")
            mode = "ab"
        else:
            if offset:  # the server ignored Range: take the whole body again
                _restart(part, hasher)
                offset = 0
            mode = "wb"
        length = resp.headers.get("Content-Length")
        total = offset + int(length) if length and length.isdigit() else size
        try:
            with open(part, mode) as out:
                # raw bytes as sent: a .tar.gz served with Content-Encoding: gzip must
                # not be unpacked on the way, or its checksum would never match
                for block in resp.raw.stream(_CHUNK, decode_content=False):
                    if not block:
                        continue
                    out.write(block)
                    hasher.update(block)  # after the write: hashed bytes == bytes on disk
                    if size is not None and hasher.count > size:
                        out.close()
                        _restart(part, hasher)
                        raise _Permanent(f"more than the {size} bytes the recipe gives")
                    if progress is not None:
                        progress(hasher.count, total)
        except urllib3.exceptions.ReadTimeoutError:
            raise _Transient(f"read timed out after {hasher.count} bytes") from None
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError,
                urllib3.exceptions.HTTPError) as exc:
            raise _Transient(f"connection dropped after {hasher.count} bytes "
                             f"({_short(exc)})") from None
        except requests.exceptions.Timeout:
            raise _Transient(f"read timed out after {hasher.count} bytes") from None
        except OSError as exc:  # disk full, read-only cache: no other URL would help
            _restart(part, hasher)
            raise _cannot_write(part, exc) from None
        if total is not None and length and hasher.count < total:
            raise _Transient(f"connection dropped after {hasher.count} of {total} bytes")


def _restart(part: Path, hasher: Hasher) -> None:
    part.unlink(missing_ok=True)
    hasher.reset()


def _range_start(header: str) -> int | None:
    # "bytes 100-199/200"
    try:
        unit, _, rest = header.partition(" ")
        if unit.strip().lower() != "bytes":
            return None
        return int(rest.split("-", 1)[0])
    except ValueError:
        return None


def _short(exc: BaseException) -> str:
    text = str(exc)
    # urllib3 nests the cause in long reprs; the last part is the one that says why
    for marker in ("Caused by ", "Failed to establish a new connection: "):
        if marker in text:
            text = text.rsplit(marker, 1)[1]
    text = text.strip("()'\" ")
    return text[:160] if len(text) > 160 else text
