"""From "not here" to "here": `shell`/`activate` name the recipe that would provide a
missing group, and `shell --install` installs it first. Real CLI processes, a recipe the
test writes, its archive served by the loopback server."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture

RECIPE = """schema_version = 1
name = "greet"
summary = "the greet tool (prebuilt)"
category = "tools"
tags = ["greet", "tool"]

[[versions]]
version = "1.2.0"
[[versions.sources]]
url = "{url}"
sha256 = "{sha}"
size = {size}
strip_components = 1

[[versions]]
version = "2.0.0"
[[versions.sources]]
url = "{url2}"
sha256 = "{sha2}"
strip_components = 1

[frontend]
name = "download"
settings = {{ executable = ["bin/greet"] }}

[provides]
bin = ["bin"]

[tests]
commands = ["bin/greet"]
"""


def _archive(version: str) -> bytes:
    script = f"#!/bin/sh\necho hello from greet {version}\n".encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        info = tarfile.TarInfo(f"greet-{version}/bin/greet")
        info.size, info.mode = len(script), 0o755
        tar.addfile(info, io.BytesIO(script))
    return buf.getvalue()


@pytest.fixture
def greet(server, tmp_path, monkeypatch):
    """A recipe folder with `greet` 1.2.0 and 2.0.0, both served on loopback."""
    one, two = _archive("1.2.0"), _archive("2.0.0")
    url = server.add("/dl/greet-1.2.0.tar.gz", one)
    url2 = server.add("/dl/greet-2.0.0.tar.gz", two)
    folder = tmp_path / "recipes"
    folder.mkdir()
    (folder / "greet.toml").write_text(RECIPE.format(
        url=url, sha=hashlib.sha256(one).hexdigest(), size=len(one),
        url2=url2, sha2=hashlib.sha256(two).hexdigest()))
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(folder))
    return {"size": len(one), "server": server}


def test_shell_names_the_recipe_and_version_that_would_provide_a_missing_group(cli, greet):
    r = cli("shell", "--tags=greet,v1", "--", "greet")
    assert r.rc == 3, r.err
    size_kb = max(1, round(greet["size"] / 1e3))
    assert ("no greet v1 is recorded; `envmgr install greet@1.2.0` would install greet "
            f"1.2.0 (the greet tool (prebuilt), {size_kb} kB)") in r.err
    assert "envmgr shell --install" in r.err and "Traceback" not in r.err
    # the newest version when the tags name none; and the hint downloads nothing
    r = cli("shell", "--tags=greet", "--", "greet")
    assert r.rc == 3 and "`envmgr install greet@2.0.0` would install greet 2.0.0" in r.err
    assert "(the greet tool (prebuilt))" in r.err  # 2.0.0's source gives no size
    assert greet["server"].log == []


def test_activate_gives_the_same_hint(cli, greet):
    r = cli("activate", "--tags=greet,v1", "--shell", "sh")
    assert r.rc == 3 and "`envmgr install greet@1.2.0` would install" in r.err
    assert r.out == ""


def test_a_group_no_recipe_provides_keeps_the_plain_error(cli, greet):
    r = cli("shell", "--tags=greet,v9", "--", "greet")
    assert r.rc == 3 and "would install" not in r.err and "Traceback" not in r.err
    r = cli("shell", "--install", "--tags=greet,v9", "--", "greet")
    assert r.rc == 3 and "no recipe provides it" in r.err and "Traceback" not in r.err
    assert greet["server"].log == []


def test_shell_install_installs_what_is_missing_then_runs(cli, greet, home):
    r = cli("shell", "--install", "--tags=greet,v1", "--", "greet")
    assert r.rc == 0, r.err
    assert r.out.strip() == "hello from greet 1.2.0"
    assert "installing greet 1.2.0" in r.err
    assert [p for p, _ in greet["server"].log] == ["/dl/greet-1.2.0.tar.gz"]
    # now it is recorded: a plain shell finds it, and --install installs nothing more
    r = cli("shell", "--tags=greet,v1", "--", "greet")
    assert r.rc == 0 and r.out.strip() == "hello from greet 1.2.0"
    r = cli("shell", "--install", "--tags=greet,v1", "--", "greet")
    assert r.rc == 0 and "installing" not in r.err
    assert len(greet["server"].log) == 1
    listed = cli("list", "--tags=greet", "--json")
    assert [e["version"] for e in listed.json()] == ["1.2.0"]


def test_shell_install_refuses_bytes_that_do_not_match_and_records_nothing(
        cli, greet, tmp_path: Path):
    greet["server"].routes["/dl/greet-1.2.0.tar.gz"].mode = "wrong"
    r = cli("shell", "--install", "--tags=greet,v1", "--", "greet")
    assert r.rc != 0 and "sha256" in r.err and "Traceback" not in r.err
    assert cli("list", "--tags=greet", "--json").json() == []


def test_a_copy_detection_would_find_is_named_instead_of_an_install(cli, tmp_path):
    import os

    from conftest import write_tool

    write_tool(tmp_path / "tools" / "bin" / "cmake", 'echo "cmake version 4.4.5"\n')
    path = f"{tmp_path / 'tools' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    # the catalogue's cmake recipe would install 4.4.5, but a copy on disk does, unrecorded
    r = cli("shell", "--tags=cmake,v4.4.5", "--", "cmake", "--version", env={"PATH": path})
    assert r.rc == 3, r.err
    assert ("no cmake v4.4.5 is recorded; `envmgr detect cmake` would record the cmake "
            "4.4.5 found on this machine") in r.err
