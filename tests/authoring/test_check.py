"""``envmgr plugin check``: hooks against their specs, recorded cases, declaration lint."""

from __future__ import annotations

import json
import os
import textwrap

import pytest

from envmgr.catalog import builtin as catalog

BAD = '''
from envmgr import hookimpl
from envmgr.detect.soft import Soft


class Everything(Soft):
    name = "everything"
    summary = "matches anything"
    executables = [r".*"]
    version_regex = r"(unclosed"


class NoVersion(Soft):
    name = "noversion"
    summary = "no way to read a version"
    executables = [r"noversion"]


class WrongRegex(Soft):
    name = "wrongregex"
    summary = "its regex matches none of its cases"
    executables = [r"wrongregex"]
    version_regex = r"^wrongregex version (?P<version>\\S+)"


def envmgr_search_dir(context):
    return []


def envmgr_shell_env(entry, environment):
    pass


@hookimpl
def softs():
    return []
'''

CASES = {"cases": [{
    "soft": "wrongregex",
    "captured": "wrongregex on a test machine",
    "layout": {"bin/wrongregex": {"outputs": {"--version": "WrongRegex 2.0\n"}}},
    "expect": [{"version": "2.0"}],
}]}

EXPECTED = [
    "unknown hook envmgr_search_dir; did you mean envmgr_search_dirs?",
    "envmgr_shell_env(entry, environment): argument 'environment' is not in the spec "
    "envmgr_shell_env(entry, env)",
    "softs is marked @hookimpl but hooks are named envmgr_*; it is never called",
    "everything: no recorded case in bad.cases.json",
    "noversion: no recorded case in bad.cases.json",
    "everything: executables[0] '.*' matches unrelated names (ls, cat, sh)",
    "everything: version_regex '(unclosed' is not a valid regex: missing ), unterminated",
    "noversion: no version_regex, and neither probe nor determine_version is overridden",
    "wrongregex: version_regex '^wrongregex version (?P<version>\\\\S+)' matches none of the 1 "
    "recorded outputs",
    "wrongregex: case 1: expected 1 installation(s), found 0: nothing",
]


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text(BAD)
    (tmp_path / "bad.cases.json").write_text(json.dumps(CASES))
    return path


@pytest.mark.slow
def test_builtins_pass(envmgr_run):
    r = envmgr_run("plugin", "check").assert_success()
    n = len(catalog.load_index()["modules"])
    assert f"checked {n} plugins: no problems" in r.err
    assert not [line for line in r.out.splitlines() if ": note:" not in line]


def test_builtin_by_name(envmgr_run):
    r = envmgr_run("plugin", "check", "tools.cmake").assert_success()
    assert "checked 1 plugin: no problems" in r.err


def test_every_problem_is_one_line(bad, envmgr_run):
    r = envmgr_run("plugin", "check", bad).assert_failure(1)
    lines = [ln for ln in r.out.splitlines() if ": note:" not in ln]
    for want in EXPECTED:
        hits = [ln for ln in lines if want in ln]
        assert len(hits) == 1, f"{want!r} in:\n{r.out}"
        assert hits[0].startswith(f"{os.path.relpath(bad)}: ")
    assert len(lines) == len(EXPECTED), r.out
    assert f"{len(EXPECTED)} problems" in r.err


def test_json(bad, envmgr_run):
    r = envmgr_run("plugin", "check", bad, "--json").assert_failure(1)
    problems = r.json()
    assert {p["message"] for p in problems if not p["note"]} >= {
        "unknown hook envmgr_search_dir; did you mean envmgr_search_dirs?"}


def test_a_folder_checks_each_plugin(tmp_path, bad, envmgr_run):
    (tmp_path / "good.py").write_text(textwrap.dedent('''
        from envmgr.detect.soft import Soft

        class Good(Soft):
            name = "good"
            summary = "fine"
            executables = [r"good"]
            version_regex = r"^good (?P<version>\\S+)"
    '''))
    (tmp_path / "good.cases.json").write_text(json.dumps({"cases": [{
        "soft": "good", "captured": "good on a test machine",
        "layout": {"bin/good": {"outputs": {"--version": "good 1.0\n"}}},
        "expect": [{"version": "1.0"}]}]}))
    r = envmgr_run("plugin", "check", tmp_path).assert_failure(1)
    assert "checked 2 plugins" in r.err
    assert not [ln for ln in r.out.splitlines() if "good.py" in ln]


def test_import_failure_and_missing_cases(tmp_path, envmgr_run):
    (tmp_path / "broken.py").write_text("import envmgr_no_such_module\n")
    (tmp_path / "nocases.py").write_text(textwrap.dedent('''
        from envmgr.detect.soft import Soft

        class NoCases(Soft):
            name = "nocases"
            summary = "no cases recorded"
            executables = [r"nocases"]
            version_regex = r"^nocases (?P<version>\\S+)"
    '''))
    r = envmgr_run("plugin", "check", tmp_path).assert_failure(1)
    out = r.out
    assert "cannot be imported: ModuleNotFoundError: No module named 'envmgr_no_such_module'" \
        in out
    assert ("no recorded cases (nocases.cases.json); record one with 'envmgr dev capture "
            "nocases /path/to/tool --append'") in out
    assert len(out.splitlines()) == 2


def test_a_case_without_its_origin(tmp_path, envmgr_run):
    (tmp_path / "typed.py").write_text(textwrap.dedent('''
        from envmgr.detect.soft import Soft

        class Typed(Soft):
            name = "typed"
            summary = "a hand-typed case"
            executables = [r"typed"]
            version_regex = r"^typed (?P<version>\\S+)"
    '''))
    (tmp_path / "typed.cases.json").write_text(json.dumps({"cases": [{
        "soft": "typed", "layout": {"bin/typed": {"outputs": {"--version": "typed 1.0\n"}}},
        "expect": [{"version": "1.0"}]}]}))
    r = envmgr_run("plugin", "check", tmp_path / "typed.py").assert_failure(1)
    assert r.out.strip().endswith(
        "typed: case 1 has no 'captured' origin; record cases with 'envmgr dev capture'")


def test_an_empty_folder_is_bad_input(tmp_path, envmgr_run):
    r = envmgr_run("plugin", "check", tmp_path).assert_failure(2)
    assert f"found no plugin in {tmp_path}" in r.err
