"""docs/projects.md: every manifest on the page is one envmgr reads; every command and key
of the format is documented there."""

from __future__ import annotations

import re

import pytest
from authoring_helpers import ROOT
from project_fixture import project_fixture  # noqa: F401 - the `project` fixture

from envmgr.project import manifest

PAGE = (ROOT / "docs" / "projects.md").read_text()
TOML = re.compile(r"^```toml[^\n]*\n(.*?)^```$", re.M | re.S)


@pytest.mark.parametrize("block", TOML.findall(PAGE))
def test_every_manifest_on_the_page_is_valid(block):
    checked = manifest.loads(block, "/tmp/demo/envmgr.toml", "envmgr.toml")
    assert checked.needs or checked.tasks


def test_the_page_documents_every_key_fact_field_and_command():
    for key in (*manifest._NEED_KEYS, *manifest._TASK_KEYS, *manifest._PROJECT_KEYS):
        assert f"`{key}`" in PAGE, key
    for fact in manifest.FACTS:
        assert f"| `{fact}` |" in PAGE, fact
    for field in manifest.NEED_FIELDS:
        assert f"`{field}`" in PAGE, field
    for command in ("init", "add", "remove", "sync", "run", "status", "export", "shell"):
        assert f"envmgr {command}" in PAGE, command
    for option in ("--dry-run", "--locked", "--frozen", "--update", "--each", "--keep-going",
                   "--no-sync", "--as", "--json"):
        assert re.search(rf"`[^`]*{re.escape(option)}", PAGE), option


def test_the_json_keys_are_documented(project):
    """Every key the project commands print with --json is in docs/json-formats.md."""
    folder, run = project
    text = (ROOT / "docs" / "json-formats.md").read_text()
    section = text.split("## Project commands", 1)[1].split("\n## ", 1)[0]
    outputs = [run("init", "--json").json()]
    (folder / "envmgr.toml").write_text(
        '[needs]\npython = ">=3.8"\nnone = { name = "no-such-soft", optional = true }\n'
        '[tasks.t]\nrun = "true"\n')
    outputs.append(run("sync", "--json").json())
    outputs.append(run("sync", "--dry-run", "--update", "--json").json())
    outputs.append(run("status", "--json").json())
    outputs.append(run("add", "cmake", "--no-sync", "--json").json())
    outputs.append(run("run", "--each", "python", "--json", "t").json())
    keys = set()
    for out in outputs:
        keys |= set(out)
        for item in [*out.get("needs", []), *out.get("runs", [])]:
            keys |= set(item)
    missing = sorted(k for k in keys if f"`{k}`" not in section)
    assert not missing, f"docs/json-formats.md, project commands: {missing}"


def test_the_readme_tour_starts_from_a_project_and_runs(project, tmp_path):
    """The README's tour opens with a project; those commands run, as written, in a new
    folder (a C compiler and a Python 3.10+ are on every machine the tests run on)."""
    import shutil
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text()
    tour = readme.split("## A tour", 1)[1].split("\n## ", 1)[0]
    block = tour.split("\n\n    ", 1)[1].split("\n\n", 1)[0]
    lines = [ln.strip() for ln in ("    " + block).splitlines()]
    assert lines[0] == "mkdir hello && cd hello"
    assert [ln.split()[1] for ln in lines[1:4]] == ["init", "add", "add"]
    assert any(ln.startswith("envmgr run --each") for ln in lines)
    if not (shutil.which("gcc") or shutil.which("clang")):
        pytest.skip("no C compiler here")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "envmgr").write_text(f"#!/bin/sh\nexec {sys.executable} -m envmgr \"$@\"\n")
    (bindir / "envmgr").chmod(0o755)
    import os

    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}",
               PYTHONPATH=str(ROOT))
    script = "set -e\n" + "\n".join(ln.split("  #")[0] for ln in lines) + "\n"
    proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Python 3." in proc.stdout and "fresh" in proc.stdout
