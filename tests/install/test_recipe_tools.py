"""Recipe authoring and mirrors, end to end: `recipe new/check/checksum/show`, `fetch`,
`mirror create`, then an offline install from that mirror; all against a real loopback
server and the real CLI in subprocesses."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from conftest import ROOT
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture
from test_install_transaction import HELLO_SHA, HELLO_TGZ, tarball, write_recipe


@pytest.fixture
def recipes(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "recipes"
    folder.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(folder))
    return folder


def test_recipe_new_writes_a_recipe_that_installs_unedited(cli, home, server, recipes):
    url = server.add("/rel/hello-1.0.tar.gz", HELLO_TGZ)
    r = cli("recipe", "new", "hello", "--url", url, "--dir", str(recipes))
    assert r.rc == 0, r.err
    path = recipes / "hello.toml"
    assert r.out.startswith(f"wrote {path}\n") and HELLO_SHA in r.out
    text = path.read_text()
    assert f'sha256 = "{HELLO_SHA}"' in text and f"size = {len(HELLO_TGZ)}" in text
    assert 'version = "1.0"' in text and "strip_components = 1" in text
    assert 'bin = ["bin"]' in text and 'files = ["bin/hello"]' in text

    inst = cli("install", "hello")
    assert inst.rc == 0, inst.err
    assert inst.out.startswith("installed hello 1.0: entry ")
    shell = cli("shell", "--tags=hello", "--", "hello", "you")
    assert shell.rc == 0 and shell.out == "hello world you\n"
    # the file came once: install found it in the download cache
    assert server.routes["/rel/hello-1.0.tar.gz"].hits == 1

    again = cli("recipe", "new", "hello", "--url", url, "--dir", str(recipes))
    assert again.rc == 2 and "exists; nothing written" in again.err and "--force" in again.err


def test_recipe_new_defaults_to_the_config_recipes_folder_and_reads_odd_names(
        cli, home, server, tmp_path):
    url = server.add("/x/tool_v2.3.1-linux-x86_64.tgz", HELLO_TGZ)
    r = cli("recipe", "new", "tool", "--url", url, "--json")
    assert r.rc == 0, r.err
    info = r.json()
    assert info["version"] == "2.3.1" and info["sha256"] == HELLO_SHA
    assert info["path"] == str(tmp_path / "config" / "recipes" / "tool.toml")
    plan = cli("install", "tool", "--dry-run")  # found at once, no ENVMGR_RECIPE_PATH
    assert plan.rc == 0 and "install tool@2.3.1 with download" in plan.out

    single = server.add("/x/blob", b"just bytes\n")
    r = cli("recipe", "new", "blob", "--url", single)
    assert r.rc == 2 and "cannot tell the version from blob" in r.err and "--version" in r.err
    r = cli("recipe", "new", "blob", "--url", single, "--version", "7")
    assert r.rc == 0, r.err
    assert cli("install", "blob").rc == 0
    assert cli("recipe", "new", "Bad Name", "--url", single).rc == 2


def test_recipe_new_for_a_wheel_writes_a_pip_recipe(cli, home, server, recipes):
    wheel = b"PK\x05\x06" + b"\0" * 18  # an empty zip: only its name and bytes matter here
    url = server.add("/w/six-1.16.0-py2.py3-none-any.whl", wheel)
    r = cli("recipe", "new", "py-six", "--frontend", "pip", "--url", url, "--dir",
            str(recipes))
    assert r.rc == 0, r.err
    show = cli("recipe", "show", "py-six", "--json").json()
    assert show["frontend"] == "pip" and show["versions"][0]["version"] == "1.16.0"
    assert show["sources"][0]["sha256"] == hashlib.sha256(wheel).hexdigest()
    assert 'settings = { package = "six" }' in (recipes / "py-six.toml").read_text()


def test_recipe_new_refuses_an_unreachable_url_and_writes_nothing(cli, home, recipes):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    r = cli("recipe", "new", "gone", "--url", f"http://127.0.0.1:{port}/gone-1.0.tar.gz",
            "--dir", str(recipes), env={"NO_PROXY": "127.0.0.1"}, timeout=120)
    assert r.rc == 1 and f"127.0.0.1:{port}/gone-1.0.tar.gz" in r.err
    assert "Traceback" not in r.err and list(recipes.iterdir()) == []


def test_recipe_check_lints_one_line_per_problem(cli, home, server, recipes, tmp_path):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url)
    r = cli("recipe", "check", "hello")
    assert r.rc == 1
    [line] = r.out.splitlines()
    assert line.startswith(f"{recipes / 'hello.toml'}: versions[0].sources[0].url: {url} "
                           "is not https")
    assert "checked 1 recipe: 1 problem" in r.err

    # no smoke test, no checksum, a second checksum for a URL another recipe has
    bad = tmp_path / "other"
    bad.mkdir()
    (bad / "twin.toml").write_text(f"""schema_version = 1
name = "twin"
summary = "same URL, other bytes"
[[versions]]
version = "1.0"
[[versions.sources]]
url = "{url}"
sha256 = "{'0' * 64}"
[[versions.sources]]
url = "https://example.org/x-1.0.tar.gz"
checksum = "none-published"
reason = "the site gives none"
[frontend]
name = "download"
""")
    r = cli("recipe", "check", str(bad / "twin.toml"), "--json")
    assert r.rc == 1
    problems = [p for p in r.json()["problems"] if not p["note"]]
    keys = sorted(p["key"] for p in problems)
    assert keys == ["tests", "versions[0].sources[0].sha256", "versions[0].sources[0].url"], \
        problems
    notes = [p["key"] for p in r.json()["problems"] if p["note"]]
    assert notes == ["versions[0].sources[1].checksum"]  # none-published, with its reason
    clash = next(p for p in problems if p["key"].endswith(".sha256"))
    assert "one checksum per URL" in clash["message"] and "hello.toml" in clash["message"]

    (bad / "broken.toml").write_text('schema_version = 1\nname = "broken"\nsummary = 3\n')
    r = cli("recipe", "check", str(bad / "broken.toml"))
    assert r.rc == 1 and r.out.count("\n") == 1
    assert "broken.toml: (top level): must contain" in r.out
    assert "Traceback" not in r.err

    good = tmp_path / "good"
    good.mkdir()
    (good / "fine.toml").write_text(f"""schema_version = 1
name = "fine"
summary = "all well"
[[versions]]
version = "1.0"
[[versions.sources]]
url = "https://example.org/fine-1.0.tar.gz"
sha256 = "{'1' * 64}"
[frontend]
name = "download"
[tests]
files = ["bin/fine"]
""")
    ok = cli("recipe", "check", str(good / "fine.toml"))
    assert ok.rc == 0 and ok.out == "" and "no problems" in ok.err
    unknown = cli("recipe", "check", "helo")
    assert unknown.rc == 3 and "did you mean hello" in unknown.err


def test_the_builtin_recipes_pass_the_check(cli, home):
    r = cli("recipe", "check")
    assert r.rc == 0, r.out + r.err
    assert "no problems" in r.err
    # a source without a published checksum (a reason given) is a note, not a problem
    assert "model-mobilenet.toml" in r.out and ": note: " in r.out
    assert "has no published checksum" in r.out


def test_recipe_checksum_downloads_again_and_compares(cli, home, server, recipes):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url, size=len(HELLO_TGZ))
    assert cli("fetch", "hello").rc == 0
    hits = server.routes["/dl/hello-1.0.tar.gz"].hits
    ok = cli("recipe", "checksum", "hello")
    assert ok.rc == 0, ok.err
    assert ok.out.startswith("ok ") and f"sha256:{HELLO_SHA}" in ok.out
    # really downloaded again, not taken from the cache
    assert server.routes["/dl/hello-1.0.tar.gz"].hits == hits + 1

    server.routes["/dl/hello-1.0.tar.gz"].mode = "wrong"
    bad = cli("recipe", "checksum", "hello", "--version", "1.0", "--json")
    assert bad.rc == 1
    [row] = bad.json()
    assert row["status"] == "mismatch" and row["expected"] == f"sha256:{HELLO_SHA}"
    assert row["got"] != row["expected"]
    none = cli("recipe", "checksum", "hello", "--version", "9")
    assert none.rc == 2 and "there are 1.0" in none.err


def test_recipe_show_lists_versions_variants_and_sources(cli, home):
    r = cli("recipe", "show", "model-mobilenet")
    assert r.rc == 0, r.err
    assert "license    Apache-2.0" in r.out and "frontend   download" in r.out
    assert "2fadeabb9968ec6833bee903900dda6e61b3947200535874ce2fe42a8493abc0" in r.out
    assert "94321559 bytes" in r.out and "variant    version = v1 (values: v1, v2, v3)" in r.out
    data = cli("recipe", "show", "model-mobilenet", "--json").json()
    assert data["versions"] == [{"version": "2018.08.02", "deprecated": False}]
    assert data["sources"][0]["size"] == 94321559 and data["license"] == "Apache-2.0"


def test_recipe_show_gives_variants_with_their_default(cli, home, recipes):
    S2, S3 = "2" * 64, "3" * 64  # noqa: N806
    (recipes / "multi.toml").write_text(f"""schema_version = 1
name = "multi"
summary = "variants"
license = "MIT"
[variants.flavour]
values = ["plain", "fancy"]
default = "plain"
[[versions]]
version = "2.0"
[[versions.sources]]
if = {{ flavour = "fancy" }}
then = [{{ url = "https://e.org/m-${{{{ flavour }}}}-${{{{ version }}}}.tgz", sha256 = "{S2}" }}]
else = [{{ url = "https://e.org/m-${{{{ version }}}}.tgz", sha256 = "{S3}" }}]
[frontend]
name = "download"
""")
    data = cli("recipe", "show", "multi", "--json").json()
    assert data["variants"] == [{"name": "flavour", "values": ["plain", "fancy"],
                                 "default": "plain", "description": ""}]
    assert [s["url"] for s in data["sources"]] == [
        "https://e.org/m-fancy-2.0.tgz", "https://e.org/m-2.0.tgz"]
    text = cli("recipe", "show", "multi").out
    assert "variant    flavour = plain (values: plain, fancy)" in text
    assert cli("recipe", "show", "nope").rc == 3


def test_fetch_only_downloads(cli, home, server, recipes):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url)
    r = cli("fetch", "hello@1.0", "--json")
    assert r.rc == 0, r.err
    [row] = r.json()
    assert row["sha256"] == HELLO_SHA and not row["cached"]
    assert Path(row["path"]) == home / "cache" / "downloads" / "by-sha256" / HELLO_SHA
    assert not (home / "install").exists() and cli("list", "--json").json() == []
    again = cli("fetch", "hello")
    assert again.rc == 0 and "already in the cache" in again.out
    assert server.routes["/dl/hello-1.0.tar.gz"].hits == 1
    assert cli("fetch", "hello@3").rc == 2


def test_mirror_create_then_an_offline_install_from_it(cli, home, server, recipes, tmp_path):
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url)
    loose = tarball({"bin/hello": ("#!/bin/sh\necho loose\n", 0o755)}, top="loose-1.0")
    loose_url = server.add("/dl/loose-1.0.tar.gz", loose)
    write_recipe(recipes, "loose", loose_url, sha256=None,
                 checksum='checksum = "none-published"\nreason = "none upstream"')
    mirror = tmp_path / "mirror"
    r = cli("mirror", "create", str(mirror), "hello", "loose")
    assert r.rc == 0, r.err
    assert (mirror / "hello" / "hello-1.0.tar.gz").read_bytes() == HELLO_TGZ
    assert (mirror / "by-sha256" / HELLO_SHA).read_bytes() == HELLO_TGZ
    assert "skipped" in r.out and "--no-checksum" in r.out
    assert not (mirror / "loose").exists()
    assert "1 added, 0 already there, 1 skipped, 0 failed" in r.err
    again = cli("mirror", "create", str(mirror), "hello", "--json").json()
    assert again["present"] == 1 and again["added"] == 0
    with_unchecked = cli("mirror", "create", str(mirror), "loose", "--no-checksum")
    assert with_unchecked.rc == 0 and (mirror / "loose" / "loose-1.0.tar.gz").is_file()

    hits = server.routes["/dl/hello-1.0.tar.gz"].hits
    fresh = {"ENVMGR_HOME": str(tmp_path / "airgap"), "ENVMGR_OFFLINE": "1"}
    off = cli("install", "hello", env=fresh)
    [error] = [line for line in off.err.splitlines() if "error" in line]  # one line
    assert off.rc == 1 and error.startswith("envmgr: error: ENVMGR_OFFLINE is set and ")
    assert "--mirror DIR" in error and "Traceback" not in off.err
    inst = cli("install", "hello", "--mirror", str(mirror), env=fresh)
    assert inst.rc == 0, inst.err
    assert server.routes["/dl/hello-1.0.tar.gz"].hits == hits  # not one byte from upstream
    shell = cli("shell", "--tags=hello", "--", "hello", env=fresh)
    assert shell.rc == 0 and shell.out == "hello world \n"

    bad = cli("mirror", "create", str(mirror))
    assert bad.rc == 2 and "--all" in bad.err


def _run_on_a_tty(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run the CLI with stderr on a real pseudo-terminal; returns (rc, what the tty got)."""
    master, slave = pty.openpty()
    # a terminal of 30 x 100: a fresh pty is 0 x 0, where tqdm draws nothing
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    full = {**os.environ, **env, "COLUMNS": "100",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                        os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-m", "envmgr", *args], stdout=subprocess.PIPE,
                            stderr=slave, stdin=subprocess.DEVNULL, env=full)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode(errors="replace")


def test_a_progress_bar_on_a_terminal_and_none_without_one(cli, home, server, recipes):
    body = os.urandom(3 << 20)
    sha = hashlib.sha256(body).hexdigest()
    url = server.add("/dl/big.bin", body)
    (recipes / "big.toml").write_text(f"""schema_version = 1
name = "big"
summary = "a big file"
[[versions]]
version = "1.0"
[[versions.sources]]
url = "{url}"
sha256 = "{sha}"
size = {len(body)}
extract = false
filename = "big.bin"
[frontend]
name = "download"
[tests]
files = ["big.bin"]
""")
    rc, tty = _run_on_a_tty(["fetch", "big"], {})
    assert rc == 0, tty
    assert "downloading" in tty and "B/s" in tty and "\r" in tty  # tqdm's bar, redrawn
    piped = cli("fetch", "big", env={"ENVMGR_HOME": str(home) + "-2"})
    assert piped.rc == 0 and "downloading" not in piped.err and "\r" not in piped.err
    rc, tty = _run_on_a_tty(["fetch", "big", "--json"], {"ENVMGR_HOME": str(home) + "-3"})
    assert rc == 0 and "downloading" not in tty and "B/s" not in tty


RECIPES_MD = ROOT / "docs" / "recipes.md"


def _sh_blocks() -> list[str]:
    import re

    return re.findall(r"^```sh\n(.*?)^```$", RECIPES_MD.read_text(), re.M | re.S)


def test_the_commands_in_recipes_md_parse_with_the_real_parser():
    import shlex

    from envmgr.cli.main import build_parser

    lines = [line for block in _sh_blocks() for line in block.splitlines() if line.strip()]
    assert len(lines) >= 8
    for line in lines:
        words = shlex.split(line, comments=True)
        while words and "=" in words[0] and not words[0].startswith("-"):
            words.pop(0)  # VAR=value before the command
        assert words[0] == "envmgr", line
        try:
            args = build_parser().parse_args(words[1:])
        except SystemExit:
            pytest.fail(f"docs/recipes.md: `{line}` does not parse")
        assert args.command in ("recipe", "install", "fetch", "mirror"), line


def test_the_mirror_layout_in_recipes_md_is_the_one_used(tmp_path):
    from envmgr.install.fetch.download import candidate_urls
    from envmgr.install.fetch.mirror import mirror_paths
    from envmgr.install.recipe import Source

    text = RECIPES_MD.read_text()
    assert "<mirror>/<name>/<filename>" in text and "<mirror>/by-sha256/<sha256>" in text
    by_name, by_sha = mirror_paths("<mirror>", "<name>", "<filename>", "<sha256>")
    assert (str(by_name), str(by_sha)) == ("<mirror>/<name>/<filename>",
                                           "<mirror>/by-sha256/<sha256>")
    src = Source(url="https://e.org/f.tgz", sha256="a" * 64, filename="f.tgz")
    # what install tries first is what mirror create writes, in the documented order
    assert candidate_urls(src, "n", [str(tmp_path)])[:2] == [
        str(mirror_paths(tmp_path, "n", "f.tgz", "a" * 64)[1]),
        str(mirror_paths(tmp_path, "n", "f.tgz", "a" * 64)[0])]
