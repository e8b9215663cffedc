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
lists each URL with its reason (and, after a redirect, where it went). ``ENVMGR_OFFLINE=1``
allows only the cache and local mirrors.

Bounds (:class:`~envmgr.config.Limits`, config ``[download]``): a transfer slower than
``min_rate`` bytes/s over the last ``rate_window`` seconds gives up on that URL (curl's
``--speed-limit``/``--speed-time``), one file may take ``deadline`` seconds over every URL
and retry together, and a body may not exceed the recipe's ``size``, else the server's
Content-Length, else ``max_bytes``. A watchdog thread enforces the first two from outside
the read, by shutting the socket down: urllib3 blocks until a whole block has arrived,
and each byte restarts the socket's read timeout, so the reading thread could not.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from envmgr.config import Limits
from envmgr.install.errors import ChecksumError, FetchError, OfflineError
from envmgr.install.fetch.cache import DownloadCache
from envmgr.install.fetch.checksum import Hasher
from envmgr.install.fetch.watchdog import Clock, Deadline, Watchdog, watched_session
from envmgr.install.recipe import Source

if TYPE_CHECKING:
    import requests

__all__ = ["Fetched", "Progress", "Sink", "candidate_urls", "fetch", "is_offline",
           "USER_AGENT"]

#: called with (bytes so far, total bytes or None) as a download proceeds
Progress = Callable[[int, "int | None"], None]
#: called with (offset, block, total or None) for each block once it is written and hashed:
#: the very bytes the checksum covers, in order; an offset that is not where the last
#: block ended means the download started again
Sink = Callable[[int, bytes, "int | None"], None]
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

    s = watched_session()  # trust_env: proxies and NO_PROXY from the environment
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
    limits: Limits | None = None,
    sink: Sink | None = None,
) -> Fetched:
    """Fetch ``source`` of recipe ``name`` into ``cache`` and return the verified file.

    :param mirrors: site mirrors (URLs or folders), tried before upstream.
    :param allow_unchecked: accept a source without a published checksum (``--no-checksum``);
        the sha256 seen is in the result.
    :param offline: refuse the network; None reads ``ENVMGR_OFFLINE``.
    :param retries: extra tries per URL for transient faults, ``backoff`` seconds doubling.
    :param progress: called with (bytes so far, total or None).
    :param limits: rate floor, deadline and byte cap (default: :class:`Limits`' defaults).
    :param sink: given every block as it is written (see :data:`Sink`).
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
        transfer = _Transfer(session, (connect_timeout, read_timeout), retries, backoff,
                             max_backoff, progress, sink, Clock(limits or Limits()))
        return _fetch_locked(source, cache, name, mirrors, expected, algorithms, part,
                             offline, transfer)
    finally:
        lock.release()


@dataclass
class _Transfer:
    """How one :func:`fetch` downloads: the same for each of its URLs."""

    session: requests.Session | None
    timeout: tuple[float, float]
    retries: int
    backoff: float
    max_backoff: float
    progress: Progress | None
    sink: Sink | None
    clock: Clock


def _fetch_locked(
    source: Source,
    cache: DownloadCache,
    name: str,
    mirrors: Sequence[str],
    expected: tuple[str, str] | None,
    algorithms: Sequence[str],
    part: Path,
    offline: bool,
    transfer: _Transfer,
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
            transfer.clock.check()
            digests, size = _fetch_one(url, part, algorithms, expected, source.size, transfer)
        except _Mismatch as exc:
            mismatches.append((url, exc))
            attempts.append((url, str(exc)))
            continue
        except (_Permanent, _Transient) as exc:
            attempts.append((url, _balanced(str(exc))))
            continue
        except Deadline as exc:
            attempts.append((url, _balanced(str(exc))))
            raise FetchError(
                f"could not fetch {source.filename} of {name} within "
                f"{transfer.clock.limits.deadline:g} s", attempts,
                suggestion="raise deadline under [download] in config.toml, or pass "
                "--mirror with a closer copy") from None
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
    transfer: _Transfer,
) -> tuple[dict[str, str], int]:
    """Fetch one URL into ``part`` and verify; raise _Mismatch/_Permanent/_Transient."""
    if _is_local(url):
        hasher = _copy_local(_local_path(url), part, algorithms, size, transfer)
    else:
        # hashed in a thread of its own, overlapping the socket and the writes
        hasher = Hasher(algorithms, background=True)
        try:
            resumed = False
            if part.exists():
                # bytes a previous attempt left: hash them once, then ask only for the rest
                hasher.feed_file(part)
                resumed = hasher.count > 0
            _http_with_retries(url, part, hasher, size, transfer)
            if resumed and expected is not None \
                    and hasher.hexdigest(expected[0]) != expected[1]:
                # the old partial bytes may have been the fault: once more from the start
                part.unlink(missing_ok=True)
                hasher.reset()
                _http_with_retries(url, part, hasher, size, transfer)
        finally:
            hasher.close()
    digests = hasher.digests()
    if expected is not None and digests[expected[0]] != expected[1]:
        part.unlink(missing_ok=True)
        raise _Mismatch(expected[0], expected[1], digests[expected[0]])
    return digests, hasher.count


def _copy_local(
    src: Path, part: Path, algorithms: Sequence[str], size: int | None, transfer: _Transfer,
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
                offset = hasher.count
                hasher.update(block)
                if size is not None and hasher.count > size:
                    out.close()
                    part.unlink(missing_ok=True)
                    raise _Permanent(f"more than the {size} bytes the recipe gives")
                if transfer.sink is not None:
                    transfer.sink(offset, block, total)
                if transfer.progress is not None:
                    transfer.progress(hasher.count, total)
                transfer.clock.check()
        try:
            out.close()  # a write the page cache took may still fail here
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise _cannot_write(part, exc) from None
    return hasher


def _cannot_write(part: Path, exc: OSError) -> FetchError:
    return FetchError(f"cannot write {part}: {exc.strerror or exc}",
                      suggestion="free some space or check the permissions of ENVMGR_HOME")


def _http_with_retries(url: str, part: Path, hasher: Hasher, size: int | None,
                       transfer: _Transfer) -> None:
    last = "no attempt made"
    tries = max(0, transfer.retries) + 1
    own = transfer.session or _session()
    try:
        for attempt in range(tries):
            if attempt:
                pause = min(transfer.max_backoff, transfer.backoff * (2 ** (attempt - 1)))
                left = transfer.clock.left()
                time.sleep(pause if left is None else max(0.0, min(pause, left)))
            transfer.clock.check()
            try:
                _http_once(own, url, part, hasher, size, transfer)
                return
            except _Transient as exc:
                last = str(exc)
    finally:
        if transfer.session is None:
            own.close()
    raise _Transient(f"{last}, after {tries} tries")


def _http_once(
    session: requests.Session,
    url: str,
    part: Path,
    hasher: Hasher,
    size: int | None,
    transfer: _Transfer,
) -> None:
    import requests

    offset = hasher.count
    if size is not None and offset == size and offset > 0:
        return  # the partial file is already complete; the checksum decides
    headers = {"Range": f"bytes={offset}-"} if offset else {}
    # watched from the request on: a server may drip its headers too
    watchdog = Watchdog(transfer.clock, lambda: hasher.count, session)
    try:
        resp = session.get(url, stream=True, timeout=transfer.timeout, headers=headers,
                           allow_redirects=True)
    except BaseException as exc:
        watchdog.stop()
        if watchdog.reason is not None and not isinstance(exc, KeyboardInterrupt):
            raise (Deadline if watchdog.deadline else _Permanent)(
                f"{_went(url, exc)}{watchdog.reason}") from None
        try:
            raise
        except requests.exceptions.Timeout:
            raise _Transient(f"{_went(url, exc)}timed out ({_short(exc)})") from None
        except requests.exceptions.ConnectionError:
            raise _Transient(f"{_went(url, exc)}cannot connect ({_short(exc)})") from None
        except requests.exceptions.RequestException:
            raise _Permanent(f"{_went(url, exc)}{_short(exc)}") from None
    try:
        _http_body(resp, url, part, hasher, size, transfer, offset, watchdog)
    finally:
        watchdog.stop()


def _http_body(resp: requests.Response, url: str, part: Path, hasher: Hasher,
               size: int | None, transfer: _Transfer, offset: int, watchdog: Watchdog
               ) -> None:
    import requests
    import urllib3

    went = f"redirected to {resp.url}: " if resp.history and resp.url != url else ""
    with resp:
        status = resp.status_code
        if status == 416 and offset:
            _restart(part, hasher)
            raise _Transient(f"{went}the server refused to resume (HTTP 416); starting again")
        if status in _TRANSIENT_STATUS:
            raise _Transient(f"{went}HTTP {status}")
        if status >= 400:
            raise _Permanent(f"{went}HTTP {status}")
        if status == 206:
            start = _range_start(resp.headers.get("Content-Range", ""))
            if start != offset:
                _restart(part, hasher)
                raise _Transient(f"{went}the server resumed at byte {start}, not {offset}")
            mode = "ab"
        else:
            if offset:  # the server ignored Range: take the whole body again
                _restart(part, hasher)
                offset = 0
            mode = "wb"
        length = resp.headers.get("Content-Length")
        total = offset + int(length) if length and length.isdigit() else size
        # the recipe's size, else what the server announced, else the configured cap
        cap, whose = ((size, "the recipe gives") if size is not None else
                      (total, "the server announced") if total is not None else
                      (transfer.clock.limits.max_download_bytes, "[download] max_bytes allows"))
        watchdog.body(resp.raw)  # its socket, now that it is known for sure
        try:
            out = open(part, mode)  # noqa: SIM115 - closed below, on every path
        except OSError as exc:
            raise _cannot_write(part, exc) from None
        try:
            with out:
                # raw bytes as sent: a .tar.gz served with Content-Encoding: gzip must
                # not be unpacked on the way, or its checksum would never match
                for block in _body(resp.raw):
                    if not block:
                        continue
                    try:
                        out.write(block)
                    except OSError as exc:  # disk full, read-only: no other URL would help
                        out.close()
                        _restart(part, hasher)
                        raise _cannot_write(part, exc) from None
                    at = hasher.count
                    hasher.update(block)  # after the write: hashed bytes == bytes on disk
                    if hasher.count > cap:
                        out.close()
                        _restart(part, hasher)
                        raise _Permanent(f"{went}more than the {cap} bytes {whose}")
                    if transfer.sink is not None:
                        transfer.sink(at, block, total)
                    if transfer.progress is not None:
                        transfer.progress(hasher.count, total)
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError,
                requests.exceptions.Timeout, urllib3.exceptions.HTTPError, OSError) as exc:
            watchdog.stop()
            if watchdog.reason is not None:
                raise (Deadline if watchdog.deadline else _Permanent)(
                    f"{went}{watchdog.reason}") from None
            if isinstance(exc, (urllib3.exceptions.ReadTimeoutError,
                                requests.exceptions.Timeout, socket.timeout)):
                raise _Transient(f"{went}read timed out after {hasher.count} bytes") from None
            raise _Transient(f"{went}connection dropped after {_of(hasher.count, total)} "
                             f"({_short(exc)})") from None
        watchdog.stop()
        if watchdog.reason is not None:  # it fired as the last block came in
            raise (Deadline if watchdog.deadline else _Permanent)(f"{went}{watchdog.reason}")
        if total is not None and length and hasher.count < total:
            raise _Transient(f"{went}connection dropped after {_of(hasher.count, total)}")


def _body(raw: Any) -> Iterator[bytes]:
    """The body's blocks as they arrive: with ``read1`` (urllib3 2.3+) a block is what
    one read of the socket gave, so the bytes counted (the watchdog's rate, progress)
    are the bytes received; older urllib3 waits until a whole block is in."""
    read1 = getattr(raw, "read1", None)
    if read1 is None:
        yield from raw.stream(_CHUNK, decode_content=False)
        return
    while True:
        block = read1(_CHUNK, decode_content=False)
        if not block:
            return
        yield block


def _of(count: int, total: int | None) -> str:
    return f"{count} bytes" if total is None else f"{count} of {total} bytes"


def _went(url: str, exc: BaseException) -> str:
    """``redirected to X: `` when a redirect led ``url`` to X before ``exc``."""
    request = getattr(exc, "request", None)
    where = getattr(request, "url", None)
    return f"redirected to {where}: " if where and where != url else ""


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


_OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>:?\s*")


def _short(exc: BaseException) -> str:
    """Why ``exc`` happened in a few words: the innermost cause, without urllib3's reprs."""
    seen: set[int] = set()
    while id(exc) not in seen:  # urllib3 and requests nest the cause several times
        seen.add(id(exc))
        inner = getattr(exc, "reason", None)
        if not isinstance(inner, BaseException):
            inner = next((a for a in exc.args if isinstance(a, BaseException)), None)
        if inner is None:
            break
        exc = inner
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    elif type(exc).__name__ == "IncompleteRead":  # http.client's: the counts say it all
        text = "the body ended early"
    else:
        text = str(exc) or type(exc).__name__
    for marker in ("Caused by ", "Failed to establish a new connection: "):
        if marker in text:
            text = text.rsplit(marker, 1)[1]
    text = _OBJECT_REPR.sub("", text)
    text = " ".join(text.split())
    return _balanced(text[:160] if len(text) > 160 else text)


_PAIRS = {")": "(", "]": "[", "}": "{"}


def _balanced(text: str) -> str:
    """``text`` with every bracket and quote that has no partner removed: what reaches the
    user may have been cut or unwrapped from a longer repr. An apostrophe inside a word
    (``can't``) is not a quote."""
    keep = [True] * len(text)
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in "([{":
            stack.append((ch, i))
        elif ch in _PAIRS:
            if stack and stack[-1][0] == _PAIRS[ch]:
                stack.pop()
            else:
                keep[i] = False
        elif ch in "'\"":
            inside_word = (ch == "'" and 0 < i < len(text) - 1 and text[i - 1].isalnum()
                           and text[i + 1].isalnum())
            if inside_word:
                continue
            if stack and stack[-1][0] == ch:
                stack.pop()
            else:
                stack.append((ch, i))
    for _, i in stack:
        keep[i] = False
    return "".join(ch for ch, k in zip(text, keep, strict=True) if k).strip()
