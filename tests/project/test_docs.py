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
