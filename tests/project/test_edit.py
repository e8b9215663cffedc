"""init, add and remove: the user's comments, blank lines and order are kept; a bad edit
or a need that cannot be satisfied leaves the file as it was."""

from __future__ import annotations

import sys

from project_fixture import project_fixture  # noqa: F401 - the `project` fixture

PY = f"{sys.version_info.major}.{sys.version_info.minor}"

HAND = """\
# my project: keep this comment
[project]
name = "kept"   # an inline comment

[needs]
# the interpreter, pinned by hand
python = ">=3.8"

[env]
Z_LAST = "z"
A_FIRST = "a"

[tasks.t]
run = "true"  # trailing
"""


def test_init_writes_a_minimal_manifest_and_refuses_a_second(project):
    folder, run = project
    r = run("init", "--name", "demo")
    assert r.rc == 0 and r.out.strip() == f"wrote {folder / 'envmgr.toml'}", r.err
    assert run("status", "--json").json()["project"] == "demo"
    before = (folder / "envmgr.toml").read_bytes()
    r = run("init")
    assert r.rc == 2 and "exists already" in r.err
    assert (folder / "envmgr.toml").read_bytes() == before


def test_add_and_remove_change_only_their_lines(project):
    folder, run = project
    manifest = folder / "envmgr.toml"
    manifest.write_text(HAND)
    r = run("add", "--tags=compiler,lang-c", "--as", "cc", "--version", ">=4", "--no-sync")
    assert r.rc == 0, r.err
    r = run("add", "cmake", "--no-sync")
    assert r.rc == 0, r.err
    text = manifest.read_text()
    assert text == HAND.replace(
        'python = ">=3.8"\n',
        'python = ">=3.8"\ncc = {tags = ["compiler", "lang-c"], version = ">=4"}\n'
        'cmake = "*"\n')
    r = run("add", f"python@{PY}", "--no-sync")  # changes the need in place
    assert r.rc == 0 and "changed need 'python'" in r.err
    assert f'python = "{PY}"\n' in manifest.read_text()
    assert run("remove", "cc", "--no-sync").rc == 0
    assert run("remove", "cmake", "--no-sync").rc == 0
    assert manifest.read_text() == HAND.replace('">=3.8"', f'"{PY}"')
    assert not (folder / "envmgr.lock").exists()


def test_add_syncs_and_a_need_that_cannot_be_satisfied_puts_the_file_back(project):
    folder, run = project
    manifest = folder / "envmgr.toml"
    manifest.write_text(HAND)
    r = run("add", "no-such-soft-zz")
    assert r.rc == 1 and "cannot be satisfied" in r.err, r.err
    assert manifest.read_text() == HAND and not (folder / "envmgr.lock").exists()
    r = run("add", "python@>=x")  # a bad spec: found before anything is written
    assert r.rc == 2 and "needs.python.version" in r.err
    assert manifest.read_text() == HAND
    r = run("add", "python@>=3.8")
    assert r.rc == 0 and "python → python " in r.out, r.err
    assert (folder / "envmgr.lock").exists() and run("status", "--json").json()["fresh"]
    r = run("remove", "nope")
    assert r.rc == 2 and "has no need 'nope'" in r.err


def test_editing_outside_a_project_says_so(project, tmp_path):
    folder, run = project
    for args in (["add", "cmake"], ["remove", "cmake"], ["sync"], ["status"]):
        r = run(*args, cwd=tmp_path)
        assert r.rc == 2 and "no envmgr.toml was found in" in r.err, (args, r.err)


def test_the_python_api_syncs_a_project(project):
    folder, run = project
    (folder / "envmgr.toml").write_text('[needs]\npython = ">=3.8"\n')
    from envmgr import Envmgr

    with Envmgr() as em:
        report = em.sync(folder)
        [row] = report.rows
        assert row.need.key == "python" and row.how == "detected" and row.entry is not None
        assert report.written and (folder / "envmgr.lock").exists()
        again = em.sync(str(folder / "envmgr.toml"))
        assert again.rows[0].how == "reused" and not again.written
