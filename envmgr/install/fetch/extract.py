"""Safe extraction of tar (gz, bz2, xz, zst where this Python reads it) and zip archives.

Every member is checked before it is written, and the whole archive is refused (and the
destination removed) when one of them:

- has an absolute name, a drive letter or a ``..`` part (``\\`` counts as a separator);
- would land outside the destination once links already extracted are followed;
- is a symbolic link whose target is absolute or resolves outside the destination, or a
  hard link to a name outside it;
- is a character or block device or a FIFO;
- has the setuid or setgid bit;
- would bring what the extraction writes over its budget (:class:`_Budget`): the
  recipe's ``unpacked_size``, else a ratio of the archive's size and a ceiling, and a
  number of members (:class:`~envmgr.config.Limits`). A member's size in
  its header is a hard bound of what tarfile and zipfile write for it, so the budget is
  charged before the member is written: a decompression bomb never reaches the disk.

Where :mod:`tarfile` has PEP 706's filters (Python 3.12, and 3.8.17+/3.9.17+/3.10.12+/
3.11.4+), the ``data`` filter runs after our own checks as a second guard; elsewhere our
checks alone run, and modes are cleaned the same way (group/other write bits dropped).
Nothing is ever written outside the destination.
"""

from __future__ import annotations

import copy
import errno
import os
import shutil
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from envmgr.config import Limits
from envmgr.install.errors import ExtractError

__all__ = ["extract", "archive_kind", "zstd_supported"]

# a full disk, a quota, a file-size limit, a read-only or unwritable destination
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS,
                           errno.EACCES, errno.EPERM})
_WRITE_HINT = "free some space or check the permissions of ENVMGR_HOME; nothing was recorded"

_TAR_SUFFIXES = {
    ".tar": "tar", ".tar.gz": "tar", ".tgz": "tar", ".tar.bz2": "tar", ".tbz2": "tar",
    ".tbz": "tar", ".tar.xz": "tar", ".txz": "tar", ".tar.zst": "tar.zst", ".tzst": "tar.zst",
}


def zstd_supported() -> bool:
    """Whether this Python can read .tar.zst (3.14's compression.zstd, or `zstandard`)."""
    for mod in ("compression.zstd", "zstandard"):
        try:
            __import__(mod)
            return True
        except ImportError:
            continue
    return False


def archive_kind(path: str | Path) -> str | None:
    """``tar``, ``tar.zst``, ``zip`` or None, from the name and then the first bytes."""
    name = Path(path).name.lower()
    for suffix, kind in sorted(_TAR_SUFFIXES.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            return kind
    if name.endswith((".zip", ".whl", ".jar")):
        return "zip"
    try:
        with open(path, "rb") as fh:
            head = fh.read(262)
    except OSError:
        return None
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return "tar.zst"
    if head[:2] == b"\x1f\x8b" or head[:3] == b"BZh" or head[:6] == b"\xfd7zXZ\x00" \
            or head[257:262] == b"ustar":
        return "tar"
    return None


def extract(archive: str | Path, dest: str | Path, *, strip_components: int = 0,
            label: str | None = None, stream: IO[bytes] | None = None,
            limits: Limits | None = None, unpacked_size: int | None = None,
            archive_size: int | None = None) -> Path:
    """Extract ``archive`` into ``dest`` (created; it must be absent or empty).

    :param strip_components: leading path parts dropped from every name, as in tar's
        ``--strip-components``; members with no more parts are skipped.
    :param label: the archive's name in messages (a cached file is named by its checksum).
    :param stream: read a tar archive from this stream instead of the file ``archive``
        (one pass, member by member, with the same checks); ``archive`` names its kind.
    :param limits: the extraction budget's settings (default: :class:`Limits`' defaults).
    :param unpacked_size: the recipe's size of the unpacked tree: the budget when given.
    :param archive_size: the archive's size in bytes, for the ratio (default: the size
        of the file ``archive``; for a stream, None means only the ceiling applies).
    :returns: ``dest``.
    :raises ExtractError: the archive is unreadable or unsafe; ``dest`` is then removed.
    """
    archive = Path(archive)
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ExtractError(f"cannot extract into {dest}: it exists and is not an empty folder")
    kind = archive_kind(label or archive)
    if kind is None and label and stream is None:
        kind = archive_kind(archive)
    name = label or archive.name
    if kind is None:
        raise ExtractError(f"{name} is neither a tar nor a zip archive")
    if archive_size is None and stream is None:
        try:
            archive_size = archive.stat().st_size
        except OSError:
            archive_size = None  # opening it says why
    budget = _Budget(name, limits or Limits(), archive_size, unpacked_size)
    dest.mkdir(parents=True, exist_ok=True)
    root = Path(os.path.realpath(dest))
    try:
        if stream is not None:
            if kind != "tar":
                raise ExtractError(f"cannot extract {name} from a stream")
            _extract_tar_stream(stream, name, root, strip_components, budget)
        elif kind == "zip":
            _extract_zip(archive, root, strip_components, budget)
        else:
            _extract_tar(archive, kind, root, strip_components, budget)
    except ExtractError:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(dest, ignore_errors=True)
        if exc.errno in _WRITE_ERRNOS:  # the destination's fault, not the archive's
            raise ExtractError(f"cannot extract {name} into {dest}: "
                               f"{exc.strerror or exc}", _WRITE_HINT) from None
        raise ExtractError(f"cannot extract {name}: {exc}") from None
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        shutil.rmtree(dest, ignore_errors=True)
        raise ExtractError(f"cannot extract {name}: {exc}") from None
    except BaseException:  # interrupted: leave no half-extracted tree behind
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return dest


def _rmtree_quiet(path: str | Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError  # pragma: no cover


class _Budget:
    """What one extraction may still write, charged with each member before it is."""

    def __init__(self, label: str, limits: Limits, archive_size: int | None,
                 declared: int | None) -> None:
        self.label = label
        self.max_bytes = limits.unpacked_bound(archive_size, declared)
        self.max_members = limits.max_unpacked_members
        if declared is not None:
            self.why = "the recipe's unpacked_size"
        elif archive_size is not None and self.max_bytes < limits.max_unpacked_bytes:
            self.why = (f"{limits.max_unpacked_ratio:g} times the archive's "
                        f"{_size(archive_size)}: [install] max_unpacked_ratio")
        else:
            self.why = "[install] max_unpacked_bytes"
        self.bytes = 0
        self.members = 0

    def charge(self, name: str, size: int) -> None:
        """Count one member of ``size`` bytes; ExtractError when it goes over budget."""
        self.members += 1
        if self.members > self.max_members:
            raise ExtractError(
                f"{self.label}: refusing to unpack more than {self.max_members} members "
                "([install] max_unpacked_members); nothing was kept",
                "raise max_unpacked_members under [install] in config.toml if the archive "
                "is trusted")
        self.bytes += max(0, size)
        if self.bytes > self.max_bytes:
            raise ExtractError(
                f"{self.label}: refusing to unpack more than {_size(self.max_bytes)} "
                f"({self.max_bytes} bytes; {self.why}): member {name!r} of {size} bytes "
                f"brings it to {self.bytes} bytes; nothing was kept",
                "a decompression bomb, or a recipe whose unpacked_size is wrong; raise the "
                "limits under [install] in config.toml only for a trusted archive")


# ---------------------------------------------------------------- checks


def _parts(name: str) -> list[str]:
    return [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]


def _checked_name(archive: str, name: str, strip: int) -> str | None:
    """The relative name to write, None to skip; ExtractError when it is unsafe."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        raise ExtractError(f"{archive}: refusing member {name!r}: an absolute path")
    parts = _parts(norm)
    if ".." in parts:
        raise ExtractError(f"{archive}: refusing member {name!r}: it climbs out with '..'")
    if "\x00" in norm:
        raise ExtractError(f"{archive}: refusing member {name!r}: a NUL in its name")
    parts = parts[strip:]
    return "/".join(parts) if parts else None


def _inside(root: Path, path: str) -> bool:
    real = os.path.realpath(path)
    return real == str(root) or real.startswith(str(root) + os.sep)


def _check_target(archive: str, root: Path, rel: str, name: str) -> None:
    if not _inside(root, os.path.join(root, rel)):
        raise ExtractError(f"{archive}: refusing member {name!r}: it would land outside "
                           "the destination through a link")


def _check_symlink(archive: str, root: Path, rel: str, name: str, target: str) -> None:
    if not target or target.startswith("/") or target.replace("\\", "/").startswith("/") \
            or (len(target) > 1 and target[1] == ":"):
        raise ExtractError(f"{archive}: refusing symlink {name!r} -> {target!r}: "
                           "an absolute target")
    where = os.path.join(root, os.path.dirname(rel), target)
    if not _inside(root, where):
        raise ExtractError(f"{archive}: refusing symlink {name!r} -> {target!r}: "
                           "it points outside the destination")


def _check_mode(archive: str, name: str, mode: int) -> None:
    if mode & (stat.S_ISUID | stat.S_ISGID):
        raise ExtractError(f"{archive}: refusing member {name!r}: it has the setuid or "
                           "setgid bit")


def _clean_mode(mode: int, is_dir: bool) -> int:
    # as PEP 706's data filter: no high bits, no group/other write; owner can read/write
    mode &= 0o755
    return mode | (0o700 if is_dir else 0o600)


# ---------------------------------------------------------------- tar


def _open_tar(archive: Path, kind: str) -> tuple[tarfile.TarFile, IO[bytes] | None]:
    if kind != "tar.zst":
        return tarfile.open(archive, mode="r:*"), None
    try:
        zst_mode: Any = "r:zst"  # typeshed lists r:zst only for 3.14
        return tarfile.open(archive, mode=zst_mode), None
    except tarfile.CompressionError:
        pass
    try:
        import zstandard  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise ExtractError(
            f"cannot read {archive.name}: this Python has no zstd support",
            "use Python 3.14 or newer, or pip install zstandard",
        ) from None
    raw = open(archive, "rb")
    reader: IO[bytes] = zstandard.ZstdDecompressor().stream_reader(raw)
    return tarfile.open(fileobj=reader, mode="r|"), raw


def _tar_members(tf: tarfile.TarFile, label: str, root: Path, strip: int, budget: _Budget
                 ) -> Iterator[tarfile.TarInfo]:
    has_filter = hasattr(tarfile, "data_filter")
    for member in tf:
        rel = _checked_name(label, member.name, strip)
        if rel is None:
            continue
        if member.ischr() or member.isblk() or member.isfifo():
            raise ExtractError(f"{label}: refusing member {member.name!r}: a device or FIFO")
        if not (member.isfile() or member.isdir() or member.issym() or member.islnk()):
            raise ExtractError(f"{label}: refusing member {member.name!r}: an unknown kind "
                               f"({member.type!r})")
        _check_mode(label, member.name, member.mode)
        _check_target(label, root, rel, member.name)
        out = copy.copy(member)
        out.name = rel
        if member.issym():
            _check_symlink(label, root, rel, member.name, member.linkname)
        elif member.islnk():
            link_rel = _checked_name(label, member.linkname, strip)
            if link_rel is None:
                raise ExtractError(f"{label}: refusing hard link {member.name!r} -> "
                                   f"{member.linkname!r}: its target is stripped away")
            _check_target(label, root, link_rel, member.name)
            out.linkname = link_rel
        out.mode = _clean_mode(member.mode, member.isdir())
        if not has_filter:
            # the data filter drops owners; without it, never chown to the archive's ids
            out.uid, out.gid = os.getuid(), os.getgid()
            out.uname = out.gname = ""
        budget.charge(member.name, member.size if member.isfile() else 0)
        yield out


def _extract_tar(archive: Path, kind: str, root: Path, strip: int, budget: _Budget) -> None:
    tf, raw = _open_tar(archive, kind)
    try:
        members = _tar_members(tf, budget.label, root, strip, budget)
        kwargs: dict[str, Any] = {}
        if hasattr(tarfile, "data_filter"):
            kwargs["filter"] = "data"
        if kind == "tar.zst" and raw is not None:
            # a stream cannot seek back, so extract member by member as they come
            for member in members:
                tf.extract(member, root, set_attrs=not member.issym(), **kwargs)
        else:
            tf.extractall(root, members=members, **kwargs)
    finally:
        tf.close()
        if raw is not None:
            raw.close()


def inflater_module() -> Any:
    """The fastest raw-deflate library installed: python-isal's ``isal_zlib`` (about twice
    zlib's speed on source tarballs), zlib-ng's ``zlib_ng``, else the standard ``zlib``.
    They share zlib's API; each gives the same bytes, and the sha256 of the archive is
    what proves them right."""
    import importlib

    for name in ("isal.isal_zlib", "zlib_ng.zlib_ng"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    import zlib

    return zlib


class _RawGunzip:
    """A gzip stream as the tar inside it, inflated without gzip's CRC-32.

    Only for bytes whose sha256 is checked anyway (a streamed download is kept only when
    it matched): the CRC pass costs a quarter of a second per 500 MB and proves nothing
    more. Members one after the other (``cat a.gz b.gz``) are read on as gzip does.
    ``read(n)`` inflates at most ``n`` bytes and returns exactly ``n`` before the end, so
    a small archive of zeros never becomes gigabytes in memory, and tarfile's 1 MiB reads
    get the inflater's own buffer, uncopied."""

    def __init__(self, raw: IO[bytes], label: str, zlib: Any = None) -> None:
        self._zlib = zlib or inflater_module()
        self.raw, self.label = raw, label
        self.pending = b""  # compressed bytes read but not inflated yet
        self.inflater: Any = None
        self.eof = False

    def readable(self) -> bool:
        return True

    def _fill(self, n: int) -> bytes:
        while len(self.pending) < n:
            more = self.raw.read(1 << 20)
            if not more:
                break
            self.pending += more
        return self.pending

    def _header(self) -> bool:
        """Skip one member's header (RFC 1952); False at the clean end of the stream."""
        head = self._fill(10)
        if not head:
            return False
        if len(head) < 10 or head[:2] != b"\x1f\x8b" or head[2] != 8:
            raise ExtractError(f"{self.label}: not a gzip file")
        flags, pos = head[3], 10
        if flags & 4:  # FEXTRA: a 2-byte length, then that many bytes
            pos += 2 + int.from_bytes(self._fill(pos + 2)[pos:pos + 2], "little")
        for bit in (8, 16):  # FNAME, FCOMMENT: zero-terminated
            if flags & bit:
                while (end := self.pending.find(b"\0", pos)) < 0:
                    more = self.raw.read(1 << 16)
                    if not more:
                        raise ExtractError(f"{self.label}: a truncated gzip header")
                    self.pending += more
                pos = end + 1
        if flags & 2:  # FHCRC
            pos += 2
        if len(self._fill(pos)) < pos:
            raise ExtractError(f"{self.label}: a truncated gzip header")
        self.pending = self.pending[pos:]
        self.inflater = self._zlib.decompressobj(-15)
        return True

    def read(self, n: int = -1) -> bytes:
        want = n if n is not None and n >= 0 else 1 << 62
        parts: list[bytes] = []
        have = 0
        while have < want and not self.eof:
            if self.inflater is None and not self._header():
                self.eof = True
                break
            data = self.inflater.unconsumed_tail or self.pending or self.raw.read(1 << 20)
            self.pending = b""
            if not data:
                raise ExtractError(f"{self.label}: the gzip stream ends early")
            try:
                out = self.inflater.decompress(data, min(want - have, 1 << 22))
            except self._zlib.error as exc:
                raise ExtractError(f"{self.label}: not a valid gzip stream ({exc})") from None
            if out:
                parts.append(out)
                have += len(out)
            if self.inflater.eof:  # the 8-byte trailer, then maybe another member
                self.pending = self.inflater.unused_data
                self.inflater = None
                self.pending = self._fill(8)[8:]
        return parts[0] if len(parts) == 1 else b"".join(parts)


class _Forward:
    """A stream tarfile may open as a file (``r:``): ``read(n)`` gives exactly ``n``
    bytes before the end, and ``seek`` goes forward only (tarfile's own stream mode,
    ``r|``, copies every byte two more times on the way)."""

    def __init__(self, source: Any) -> None:
        self.source = source
        self.pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            data = b"".join(iter(lambda: self.source.read(1 << 20), b""))
        else:
            data = self.source.read(n)
            if 0 < len(data) < n:
                parts = [data]
                have = len(data)
                while have < n:
                    more = self.source.read(n - have)
                    if not more:
                        break
                    parts.append(more)
                    have += len(more)
                data = b"".join(parts)
        self.pos += len(data)
        return data

    def seek(self, pos: int, whence: int = 0) -> int:
        target = pos if whence == 0 else self.pos + pos if whence == 1 else -1
        if target < self.pos:
            # tarfile goes back only to extract a hard link's target again, when
            # os.link failed; the caller then extracts from the whole file instead
            raise OSError(errno.ESPIPE, "cannot go back in a stream")
        while self.pos < target:
            if not self.read(min(target - self.pos, 1 << 20)):
                break
        return self.pos


def _extract_tar_stream(stream: IO[bytes], label: str, root: Path, strip: int,
                        budget: _Budget) -> None:
    source: Any = stream
    mode: Any = "r|*"  # typeshed's overloads list no stream modes
    lower = label.lower()
    if lower.endswith((".tar.gz", ".tgz")):
        source, mode = _Forward(_RawGunzip(stream, label)), "r:"
    elif lower.endswith(".tar"):
        source, mode = _Forward(stream), "r:"
    with tarfile.open(fileobj=source, mode=mode, bufsize=1 << 20) as tf:
        tf.copybufsize = 1 << 20  # type: ignore[attr-defined]
        kwargs: dict[str, Any] = {}
        if hasattr(tarfile, "data_filter"):
            kwargs["filter"] = "data"
        # a stream cannot seek back, so extract member by member as they come
        for member in _tar_members(tf, label, root, strip, budget):
            tf.extract(member, root, set_attrs=not member.issym(), **kwargs)


# ---------------------------------------------------------------- zip


def _extract_zip(archive: Path, root: Path, strip: int, budget: _Budget) -> None:
    label = budget.label
    with zipfile.ZipFile(archive) as zf:
        dirs: list[tuple[str, int]] = []
        for info in zf.infolist():
            rel = _checked_name(label, info.filename, strip)
            if rel is None:
                continue
            unix = info.external_attr >> 16
            kind = stat.S_IFMT(unix)
            if kind in (stat.S_IFCHR, stat.S_IFBLK, stat.S_IFIFO, stat.S_IFSOCK):
                raise ExtractError(f"{label}: refusing member {info.filename!r}: a device, "
                                   "FIFO or socket")
            _check_mode(label, info.filename, unix)
            _check_target(label, root, rel, info.filename)
            # zipfile never writes more than file_size for a member (it stops there)
            budget.charge(info.filename, 0 if info.is_dir() else info.file_size)
            path = os.path.join(root, rel)
            if info.is_dir() or kind == stat.S_IFDIR:
                os.makedirs(path, exist_ok=True)
                dirs.append((path, unix & 0o7777))
                continue
            parent = os.path.dirname(path)
            os.makedirs(parent, exist_ok=True)
            _check_target(label, root, os.path.relpath(parent, root), info.filename)
            if kind == stat.S_IFLNK:
                if info.file_size > 4096:
                    raise ExtractError(f"{label}: refusing symlink {info.filename!r}: "
                                       "its target is too long")
                target = zf.read(info).decode("utf-8", "surrogateescape")
                _check_symlink(label, root, rel, info.filename, target)
                if os.path.lexists(path):
                    os.unlink(path)
                os.symlink(target, path)
                continue
            if os.path.islink(path):
                os.unlink(path)  # never write through a link an earlier member made
            with zf.open(info) as src, open(path, "wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
            mode = unix & 0o7777
            os.chmod(path, _clean_mode(mode, False) if mode else 0o644)
        for path, mode in reversed(dirs):  # deepest last-made first, after their files
            os.chmod(path, _clean_mode(mode, True) if mode else 0o755)
