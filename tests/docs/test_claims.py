"""What the docs claim about the program, compared with the program where it can be.

- the exit codes docs/cli.md gives for ``shell`` and ``dev capture``, against the real
  commands run in each documented situation (and every code seen is in the general table);
- the dirs searched for data sets (docs/user-guide.md, docs/declarations.md) against the
  search space's own list, and the depth against a real detection;
- the plugin and soft counts in docs/cli.md's examples against the builtin index;
- what ``Envmgr.detect`` returns, as envmgr.api's docstring and the user guide say.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, write_tool

CLI_MD = ROOT / "docs" / "cli.md"
GUIDE_MD = ROOT / "docs" / "user-guide.md"
DECL_MD = ROOT / "docs" / "declarations.md"


# -- exit codes ---------------------------------------------------------------------------


def _section(text: str, heading: str) -> str:
    """The body of the markdown section titled exactly ``heading`` (up to the next one)."""
    m = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#+ |\Z)", text, re.M | re.S)
    assert m, f"no section '{heading}'"
    return m.group(1)


def _documented_codes(command: str) -> dict[int, str]:
    """The ``Exit codes: ...`` paragraph of a command's section in cli.md, as
    {code: what the docs say it means}."""
    body = _section(CLI_MD.read_text(), f"`envmgr {command}`")
    m = re.search(r"^Exit codes: (.*?)(?:\n\n|\Z)", body, re.M | re.S)
    assert m, f"docs/cli.md, `envmgr {command}`: no 'Exit codes:' paragraph"
    text = " ".join(m.group(1).split())
    # "0; 127 (`...`); 126 (`...`), as env says; 2 (...)": a code, then what follows it
    marks = list(re.finditer(r"(?:^|; )(\d{1,3})\b", text))
    return {int(a.group(1)): text[a.end():b.start() if b else None]
            for a, b in zip(marks, [*marks[1:], None], strict=True)}


def _general_table_codes() -> set[int]:
    body = _section(CLI_MD.read_text(), "Exit codes")
    return {int(c) for row in re.findall(r"^\| ([\d, ]+) \|", body, re.M)
            for c in row.split(",")}


@pytest.fixture
def cmake_entry(cli, tmp_path):
    """A recorded cmake entry (a fake tool in its own prefix), and a file that is not
    executable on the activated PATH."""
    prefix = tmp_path / "prefix"
    write_tool(prefix / "bin" / "cmake", 'echo "cmake version 3.27.4"\n')
    notes = prefix / "bin" / "notes.txt"
    notes.write_text("not a program\n")
    r = cli("detect", "cmake", "--no-default-paths", "--search-path", str(prefix))
    assert r.rc == 0, r.err
    return prefix


# (command section, argv, the words both the docs (for that code) and the error must say)
SHELL_CASES = [
    (["shell", "--tags=cmake", "--", "clnag-nosuch"], "not found in the activated environment"),
    (["shell", "--tags=cmake", "--", "{prefix}/bin/notes.txt"], "cannot run"),
    (["shell", "--", "true"], "--tags"),
    (["shell", "--tags=cmake", "--version", "abc", "--", "true"], "version spec"),
    (["shell", "--tags=nosuch-soft", "--", "true"], "no entry matches"),
]


@pytest.mark.parametrize("argv, words", SHELL_CASES, ids=[w for _, w in SHELL_CASES])
def test_shell_exit_codes_are_the_documented_ones(cli, cmake_entry, argv, words):
    documented = _documented_codes("shell")
    r = cli(*[a.format(prefix=cmake_entry) for a in argv])
    assert words in r.err, r.err
    assert r.rc in documented, f"`envmgr {' '.join(argv)}` exits {r.rc}: not in docs/cli.md"
    assert words in documented[r.rc], (
        f"docs/cli.md says exit {r.rc} of `envmgr shell` is {documented[r.rc]!r}; "
        f"the program exits {r.rc} for: {r.err.strip()}")
    assert r.rc in _general_table_codes() or r.rc == 0


def test_shell_exits_with_the_commands_code(cli, cmake_entry):
    body = _section(CLI_MD.read_text(), "`envmgr shell`")
    assert "Exit codes: CMD's" in body
    r = cli("shell", "--tags=cmake", "--", "sh", "-c", "exit 42")
    assert r.rc == 42


CAPTURE_CASES = [
    (["dev", "capture", "nosuch-soft", "/bin/sh"], "soft", "no soft 'nosuch-soft'"),
    (["dev", "capture", "cmake", "{tmp}/nonexistent"], "does not exist", "does not exist"),
    (["dev", "capture", "cmake", "{tmp}/prefix/bin/not-cmake"], "is not an installation",
     "is not an installation of cmake"),
]


@pytest.mark.parametrize("argv, doc_words, err_words", CAPTURE_CASES,
                         ids=[w for _, w, _ in CAPTURE_CASES])
def test_dev_capture_exit_codes_are_the_documented_ones(cli, tmp_path, argv, doc_words,
                                                        err_words):
    write_tool(tmp_path / "prefix" / "bin" / "not-cmake", 'echo "frob 1.0"\n')
    documented = _documented_codes("dev capture")
    r = cli(*[a.format(tmp=tmp_path) for a in argv])
    assert err_words in r.err, r.err
    assert "internal error" not in r.err and r.rc != 70
    assert r.rc in documented, f"`envmgr {' '.join(argv)}` exits {r.rc}: not in docs/cli.md"
    assert doc_words in documented[r.rc], (
        f"docs/cli.md says exit {r.rc} of `envmgr dev capture` is {documented[r.rc]!r}; "
        f"the program exits {r.rc} for: {r.err.strip()}")
    assert r.rc in _general_table_codes()


def test_the_guide_lists_the_shell_codes_too():
    table = _section(GUIDE_MD.read_text(), "Troubleshooting")
    rows = {c.strip(): line for line in table.splitlines()
            if (m := re.match(r"^\| ([\d, ]+) \|", line)) for c in m.group(1).split(",")}
    assert "126" in rows and "127" in rows, "docs/user-guide.md: exit codes 126 and 127"
    assert "shell -- CMD" not in rows.get("1", ""), "shell -- CMD not found is 127, not 1"


# -- data dirs ----------------------------------------------------------------------------


def _data_dirs_in(text: str, start: str, end: str) -> set[str]:
    i = text.index(start)
    return set(re.findall(r"`([^`]+)`", text[i + len(start):text.index(end, i)]))


def test_documented_data_dirs_are_the_searched_ones():
    from envmgr.detect.searchspace import STANDARD_FORM_DIRS

    searched = set(STANDARD_FORM_DIRS["directory"])
    guide = _data_dirs_in(GUIDE_MD.read_text(), "- for data sets:", "(")
    decl = _data_dirs_in(DECL_MD.read_text(), "and the host's own:", "(")
    assert guide == searched, f"docs/user-guide.md 'Where it looks': {sorted(guide ^ searched)}"
    assert decl == searched, f"docs/declarations.md 'Data dirs': {sorted(decl ^ searched)}"
    row = next(ln for ln in GUIDE_MD.read_text().splitlines() if ln.startswith("| `ENVMGR_DATA`"))
    deepest = max(p.count("/*") for p in searched if p.startswith("$ENVMGR_DATA"))
    assert deepest == 1 and "one level below" in row and "two" not in row, row


def test_data_sets_are_found_one_level_below_envmgr_data_and_not_deeper(cli, tmp_path):
    data = tmp_path / "data"
    markers = ["ILSVRC2012_val_00000001.JPEG", "ILSVRC2012_val_00050000.JPEG"]
    for where in ("at-one", "one/two"):
        (data / where).mkdir(parents=True)
        for name in markers:
            (data / where / name).write_bytes(b"")
    home = tmp_path / "user"
    home.mkdir()
    r = cli("detect", "dataset-imagenet-val", "--json",
            env={"ENVMGR_DATA": str(data), "HOME": str(home)})
    assert r.rc == 0, r.err
    prefixes = {e["prefix"] for e in r.json()}
    assert str(data / "at-one") in prefixes
    assert str(data / "one" / "two") not in prefixes


# -- counts -------------------------------------------------------------------------------


def test_plugin_and_soft_counts_in_cli_md_are_real():
    from envmgr.catalog import builtin as catalog

    modules = catalog.load_index()["modules"]
    text = CLI_MD.read_text()
    [plugins] = re.findall(r"envmgr: checked (\d+) plugins: no problems", text)
    [softs] = re.findall(r"plugins/_index.json \((\d+) softs\)", text)
    assert int(plugins) == len(modules), "docs/cli.md, `envmgr plugin check`: the count"
    assert int(softs) == sum(len(m["softs"]) for m in modules.values()), (
        "docs/cli.md, `envmgr dev reindex`: the count")


# -- the API ------------------------------------------------------------------------------


def test_what_detect_returns_is_what_the_docs_say(home, tmp_path):
    import envmgr.api
    from envmgr import Envmgr

    write_tool(tmp_path / "p" / "bin" / "cmake", 'echo "cmake version 3.27.4"\n')
    with Envmgr(home=str(home)) as em:
        report = em.detect(["cmake"], search_paths=[str(tmp_path / "p")],
                           default_paths=False, dry_run=True)
    kind = type(report).__name__
    assert [e.version for e in report.entries] == ["3.27.4"]
    [line] = [ln for ln in (envmgr.api.__doc__ or "").splitlines() if "em.detect(" in ln]
    assert f"-> {kind}" in line, line
    [row] = [ln for ln in GUIDE_MD.read_text().splitlines() if ln.startswith("| `em.detect(")]
    assert f"a `{kind}`" in row, row
