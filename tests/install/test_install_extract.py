"""Safe extraction: good archives unpack; hostile ones are refused and write nothing outside."""

from __future__ import annotations

import io
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from envmgr.install.errors import ExtractError
from envmgr.install.fetch import extract as ex
from envmgr.install.fetch.extract import archive_kind, extract, zstd_supported


def tar_with(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]],
             mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tf:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
            else:
                tf.addfile(info)
    return path


def file_info(name: str, mode: int = 0o644) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mode = mode
    return info


def link_info(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


@pytest.fixture
def box(tmp_path: Path) -> dict[str, Path]:
    """A sandbox: the archive folder, the staging dir, and a sibling that must stay empty."""
    outside = tmp_path / "outside"
    outside.mkdir()
    return {"root": tmp_path, "staging": tmp_path / "work" / "staging", "outside": outside}


def everything_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def assert_refused(archive: Path, box: dict[str, Path], words: str, **kw: int) -> None:
    before = everything_under(box["root"])
    with pytest.raises(ExtractError) as err:
        extract(archive, box["staging"], **kw)
    assert words in str(err.value)
    assert not box["staging"].exists()  # the half-extracted staging is removed
    after = everything_under(box["root"])
    # nothing new anywhere except the (now removed) staging's parent folder
    assert after - before <= {"work"}, after - before
    assert list(box["outside"].iterdir()) == []


@pytest.mark.parametrize("mode,suffix", [("w:gz", ".tar.gz"), ("w:bz2", ".tar.bz2"),
                                         ("w:xz", ".tar.xz"), ("w:", ".tar")])
def test_tar_extracts_with_modes_links_and_strip(box, mode, suffix):
    archive = tar_with(box["root"] / f"pkg-1.0{suffix}", [
        (file_info("pkg-1.0/bin/tool", 0o775), b"#!/bin/sh\necho hi\n"),
        (file_info("pkg-1.0/README"), b"read me"),
        (link_info("pkg-1.0/bin/alias", "tool"), None),
        (link_info("pkg-1.0/README.hard", "pkg-1.0/README", tarfile.LNKTYPE), None),
    ], mode)
    assert archive_kind(archive) == "tar"
    out = extract(archive, box["staging"], strip_components=1)
    tool = out / "bin" / "tool"
    assert tool.read_bytes().startswith(b"#!/bin/sh")
    assert stat.S_IMODE(tool.stat().st_mode) == 0o755  # group write dropped
    assert os.readlink(out / "bin" / "alias") == "tool"
    assert (out / "README.hard").read_bytes() == b"read me"


@pytest.mark.parametrize("name", ["../evil", "a/../../evil", "a/b/../../../evil", "..\\evil"])
def test_tar_path_traversal_is_refused(box, name):
    archive = tar_with(box["root"] / "t.tar.gz",
                       [(file_info("ok.txt"), b"fine"), (file_info(name), b"pwned")])
    assert_refused(archive, box, "'..'")


@pytest.mark.parametrize("name", ["/etc/evil", "//evil", "C:/evil"])
def test_tar_absolute_names_are_refused(box, name):
    archive = tar_with(box["root"] / "t.tar.gz", [(file_info(name), b"pwned")])
    assert_refused(archive, box, "absolute")


@pytest.mark.parametrize("target", ["../outside", "../../outside", "/tmp", "sub/../../.."])
def test_tar_symlink_pointing_out_is_refused(box, target):
    archive = tar_with(box["root"] / "t.tar.gz", [(link_info("link", target), None)])
    assert_refused(archive, box, "symlink")


def test_tar_write_through_an_escaping_symlink_is_refused(box):
    # the classic: a link to outside, then a file "through" it; the link is refused first
    outside = box["outside"]
    archive = tar_with(box["root"] / "t.tar.gz", [
        (link_info("esc", str(outside)), None),
        (file_info("esc/pwned"), b"x"),
    ])
    assert_refused(archive, box, "symlink")


def test_tar_symlink_chain_out_is_refused(box):
    archive = tar_with(box["root"] / "t.tar.gz", [
        (link_info("a", "."), None),
        (link_info("a/b", "../.."), None),
    ])
    assert_refused(archive, box, "symlink")


@pytest.mark.parametrize("target", ["../outside/x", "/etc/passwd"])
def test_tar_hardlink_pointing_out_is_refused(box, target):
    archive = tar_with(box["root"] / "t.tar.gz",
                       [(link_info("h", target, tarfile.LNKTYPE), None)])
    assert_refused(archive, box, "refusing")


@pytest.mark.parametrize("kind", [tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.FIFOTYPE])
def test_tar_devices_and_fifos_are_refused(box, kind):
    info = tarfile.TarInfo("dev/null2")
    info.type = kind
    info.devmajor, info.devminor = 1, 3
    archive = tar_with(box["root"] / "t.tar.gz", [(info, None)])
    assert_refused(archive, box, "device")


@pytest.mark.parametrize("bits", [stat.S_ISUID, stat.S_ISGID])
def test_tar_setuid_and_setgid_are_refused(box, bits):
    archive = tar_with(box["root"] / "t.tar.gz", [(file_info("bin/su", 0o755 | bits), b"x")])
    assert_refused(archive, box, "setuid")


def test_strip_components_cannot_hide_a_traversal(box):
    archive = tar_with(box["root"] / "t.tar.gz", [(file_info("top/../../evil"), b"x")])
    assert_refused(archive, box, "'..'", strip_components=1)


def test_the_own_checks_hold_without_pep706(box, monkeypatch):
    # as on a Python whose tarfile predates the data filter
    monkeypatch.delattr(tarfile, "data_filter", raising=False)
    archive = tar_with(box["root"] / "t.tar.gz", [(link_info("l", "../outside"), None)])
    assert_refused(archive, box, "symlink")
    good = tar_with(box["root"] / "g.tar.gz", [(file_info("f", 0o664), b"ok")])
    out = extract(good, box["root"] / "g")
    assert stat.S_IMODE((out / "f").stat().st_mode) == 0o644


def zip_with(path: Path, members: list[tuple[str, bytes, int]]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name)
            info.external_attr = (mode & 0xFFFF) << 16
            info.create_system = 3
            zf.writestr(info, data)
    return path


def test_zip_extracts_with_exec_bits_and_inner_symlink(box):
    archive = zip_with(box["root"] / "p.zip", [
        ("p/bin/", b"", stat.S_IFDIR | 0o755),
        ("p/bin/tool", b"#!/bin/sh\n", stat.S_IFREG | 0o775),
        ("p/data.txt", b"data", stat.S_IFREG | 0o644),
        ("p/bin/alias", b"tool", stat.S_IFLNK | 0o777),
    ])
    out = extract(archive, box["staging"], strip_components=1)
    assert stat.S_IMODE((out / "bin" / "tool").stat().st_mode) == 0o755
    assert (out / "data.txt").read_bytes() == b"data"
    assert os.readlink(out / "bin" / "alias") == "tool"


@pytest.mark.parametrize("name,words", [
    ("../evil", "'..'"), ("a/../../evil", "'..'"), ("/abs/evil", "absolute"),
    ("..\\evil", "'..'"),
])
def test_zip_names_that_escape_are_refused(box, name, words):
    archive = zip_with(box["root"] / "z.zip",
                       [("ok", b"ok", stat.S_IFREG | 0o644), (name, b"x", stat.S_IFREG | 0o644)])
    assert_refused(archive, box, words)


def test_zip_symlink_pointing_out_and_setuid_are_refused(box):
    assert_refused(zip_with(box["root"] / "l.zip",
                            [("l", b"../outside", stat.S_IFLNK | 0o777)]), box, "symlink")
    assert_refused(zip_with(box["root"] / "s.zip",
                            [("su", b"x", stat.S_IFREG | 0o4755)]), box, "setuid")
    assert_refused(zip_with(box["root"] / "d.zip",
                            [("dev", b"", stat.S_IFCHR | 0o644)]), box, "device")


def test_zip_file_through_an_inner_symlink_to_a_dir_stays_inside(box):
    archive = zip_with(box["root"] / "z.zip", [
        ("real/", b"", stat.S_IFDIR | 0o755),
        ("l", b"real", stat.S_IFLNK | 0o777),
        ("l/f", b"inside", stat.S_IFREG | 0o644),
    ])
    out = extract(archive, box["staging"])
    assert (out / "real" / "f").read_bytes() == b"inside"


def test_not_an_archive_and_a_truncated_one_give_clear_errors(box):
    junk = box["root"] / "notes.txt"
    junk.write_text("hello")
    with pytest.raises(ExtractError, match="neither a tar nor a zip"):
        extract(junk, box["staging"])
    good = tar_with(box["root"] / "t.tar.gz", [(file_info("f"), os.urandom(200_000))])
    cut = box["root"] / "cut.tar.gz"
    cut.write_bytes(good.read_bytes()[:5000])
    with pytest.raises(ExtractError, match="cannot extract cut.tar.gz"):
        extract(cut, box["staging"])
    assert not box["staging"].exists()


def test_a_non_empty_destination_is_refused(box):
    box["staging"].mkdir(parents=True)
    (box["staging"] / "x").write_text("already here")
    archive = tar_with(box["root"] / "t.tar.gz", [(file_info("f"), b"x")])
    with pytest.raises(ExtractError, match="not an empty folder"):
        extract(archive, box["staging"])
    assert (box["staging"] / "x").read_text() == "already here"


def test_tar_zst_where_this_python_can(box):
    if not zstd_supported():
        with pytest.raises(ExtractError, match="zstd"):
            p = box["root"] / "t.tar.zst"
            p.write_bytes(b"\x28\xb5\x2f\xfd" + b"\0" * 64)
            ex._open_tar(p, "tar.zst")
        return
    import zstandard  # pragma: no cover - only where installed

    raw = io.BytesIO()
    tar_with(box["root"] / "plain.tar", [(file_info("f"), b"zst")], "w:")
    raw.write(zstandard.ZstdCompressor().compress((box["root"] / "plain.tar").read_bytes()))
    p = box["root"] / "t.tar.zst"
    p.write_bytes(raw.getvalue())
    assert (extract(p, box["staging"]) / "f").read_bytes() == b"zst"


def test_the_streamed_gunzip_reads_what_gzip_writes_and_refuses_the_rest():
    import gzip
    import io as _io

    from envmgr.install.errors import ExtractError as _ExtractError
    from envmgr.install.fetch.extract import _RawGunzip

    data = os.urandom(300_000) + b"\0" * 2_000_000
    r = _RawGunzip(_io.BytesIO(gzip.compress(data)), "x.tar.gz")
    assert b"".join(iter(lambda: r.read(65536), b"")) == data
    # a header with the file name (FNAME), then a second member, as `cat a.gz b.gz`
    buf = _io.BytesIO()
    with gzip.GzipFile(filename="name.tar", mode="wb", fileobj=buf) as f:
        f.write(b"abc" * 1000)
    r = _RawGunzip(_io.BytesIO(buf.getvalue() + gzip.compress(b"xyz" * 1000)), "x.tgz")
    assert r.read() == b"abc" * 1000 + b"xyz" * 1000
    # a small archive of zeros is inflated in bounded pieces, not all at once
    r = _RawGunzip(_io.BytesIO(gzip.compress(b"\0" * 50_000_000)), "bomb.tgz")
    assert len(r.read(1000)) == 1000 and len(r.inflater.unconsumed_tail) <= 1 << 20
    for bad, why in ((b"plain text, not gzip", "not a gzip file"),
                     (gzip.compress(data)[:5000], "ends early")):
        with pytest.raises(_ExtractError, match=why):
            _RawGunzip(_io.BytesIO(bad), "x.tgz").read()
