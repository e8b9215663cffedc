"""The reference docs keep up with the code.

- docs/cli.md has a section for every command and sub-command of the real parser, and each
  section names every option and argument of its command (the common options once, in
  their own section); it documents no command that does not exist.
- docs/json-formats.md documents every top-level key the real CLI prints with --json.
"""

from __future__ import annotations

import argparse
import re

import pytest
from conftest import ROOT, write_tool

from envmgr.cli.main import build_parser

CLI_MD = ROOT / "docs" / "cli.md"
JSON_MD = ROOT / "docs" / "json-formats.md"

COMMON_GROUP = "common options"


# -- the parser --------------------------------------------------------------------------


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, parser) for the top level and every (sub-)sub-command."""
    yield path, parser
    for name, sub in _subcommands(parser).items():
        yield from _walk(sub, (*path, name))


def _common(parser: argparse.ArgumentParser) -> set[argparse.Action]:
    return {a for g in parser._action_groups if g.title == COMMON_GROUP for a in g._group_actions}


def _names(action: argparse.Action) -> list[str]:
    """How an option or argument is written in the docs: its option strings, or for a
    positional its metavar (``NAME``, ``PATH|NAME``, ``-- CMD``) or dest (``uid``)."""
    if action.option_strings:
        return [s for s in action.option_strings if s not in ("-h", "--help")]
    if isinstance(action, argparse._SubParsersAction):
        return []
    return [str(action.metavar or action.dest)]


def _own_options(parser: argparse.ArgumentParser) -> list[str]:
    common = _common(parser)
    return [n for a in parser._actions if a not in common for n in _names(a)]


COMMANDS = [(path, p) for path, p in _walk(build_parser()) if path]


# -- the docs ------------------------------------------------------------------------------


def _sections(text: str) -> dict[str, str]:
    """Heading text → the text under it, up to the next heading of any level."""
    out: dict[str, str] = {}
    parts = re.split(r"^(#{1,6} .*)$", text, flags=re.M)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        out[heading.lstrip("#").strip()] = body
    return out


def _command_sections(text: str) -> dict[tuple[str, ...], str]:
    """``## `envmgr plugin list` `` headings → their sections, keyed by command path."""
    out = {}
    for heading, body in _sections(text).items():
        m = re.fullmatch(r"`envmgr ([a-z][a-z -]*)`", heading)
        if m:
            out[tuple(m.group(1).split())] = body
    return out


def _mentions(section: str, name: str) -> bool:
    """``name`` written as code in ``section``, as the options tables do: `--tags`,
    `--tags TAGS`, `NAME ...`, `PATH\\|NAME` (a pipe escaped in a table)."""
    section = section.replace("\\|", "|")
    return bool(re.search(rf"`{re.escape(name)}[` =\[\]]", section))


def test_every_command_has_a_section_in_cli_md():
    sections = _command_sections(CLI_MD.read_text())
    missing = [" ".join(path) for path, _ in COMMANDS if path not in sections]
    assert not missing, f"docs/cli.md has no '## `envmgr COMMAND`' section for: {missing}"


def test_cli_md_documents_no_command_that_does_not_exist():
    real = {path for path, _ in COMMANDS}
    extra = [" ".join(p) for p in _command_sections(CLI_MD.read_text()) if p not in real]
    assert not extra, f"docs/cli.md documents commands the parser does not have: {extra}"


@pytest.mark.parametrize("path, parser", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_option_of_a_command_is_in_its_section(path, parser):
    section = _command_sections(CLI_MD.read_text()).get(path)
    if section is None:
        pytest.skip("no section (reported by test_every_command_has_a_section_in_cli_md)")
    missing = [n for n in _own_options(parser) if not _mentions(section, n)]
    assert not missing, f"docs/cli.md, `envmgr {' '.join(path)}`: options not documented: {missing}"


def _help_texts(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, the one-line help `envmgr --help` shows for it)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {c.dest: c.help for c in action._choices_actions}
            for name, sub in action.choices.items():
                yield (*path, name), helps.get(name)
                yield from _help_texts(sub, (*path, name))


def test_cli_md_summaries_match_help():
    """The commands table of docs/cli.md repeats each command's --help line verbatim."""
    text = CLI_MD.read_text()
    stale = [f"{' '.join(p)}: {h!r}" for p, h in _help_texts(build_parser()) if h and h not in text]
    assert not stale, f"docs/cli.md lacks these --help summaries (update its table): {stale}"


def test_global_and_common_options_are_documented():
    sections = _sections(CLI_MD.read_text())
    top = build_parser()
    global_opts = [n for a in top._actions for n in _names(a) if a.option_strings]
    missing = [n for n in global_opts if not _mentions(sections.get("Global options", ""), n)]
    assert not missing, f"docs/cli.md, 'Global options': not documented: {missing}"
    common = {n for _, p in COMMANDS for a in _common(p) for n in _names(a)}
    assert common, "the parser has no 'common options' group any more: update this test"
    missing = sorted(n for n in common if not _mentions(sections.get("Common options", ""), n))
    assert not missing, f"docs/cli.md, 'Common options': not documented: {missing}"


# -- JSON keys --------------------------------------------------------------------------


def _json_section(heading_part: str) -> str:
    """The text of the json-formats.md section(s) whose heading contains ``heading_part``,
    sub-sections included."""
    text = JSON_MD.read_text()
    parts = re.split(r"^(## .*)$", text, flags=re.M)
    found = [body for h, body in zip(parts[1::2], parts[2::2], strict=True) if heading_part in h]
    assert found, f"docs/json-formats.md has no '## ...{heading_part}...' section"
    return "\n".join(found)


def _undocumented(keys, section: str) -> list[str]:
    return sorted(k for k in set(keys) if f"`{k}`" not in section)


@pytest.fixture
def recorded(cli, tmp_path):
    """A real detection in the test's home: a fake cmake in its own prefix."""
    write_tool(tmp_path / "prefix" / "bin" / "cmake", 'echo "cmake version 3.27.4"\n')
    r = cli("detect", "cmake", "--no-default-paths", "--search-path", str(tmp_path / "prefix"))
    assert r.rc == 0, r.err
    return tmp_path / "prefix" / "bin" / "cmake"


def test_entry_keys_are_documented(cli, recorded):
    section = _json_section("The entry")
    entries = cli("list", "--json").json()
    assert entries, "the detection recorded nothing"
    for e in entries:
        assert not _undocumented(e, section), _undocumented(e, section)
        assert not _undocumented(e["attrs"], section), (
            f"attrs keys not in 'The entry': {_undocumented(e['attrs'], section)}")
    shown = cli("show", entries[0]["uid"], "--json").json()
    assert not _undocumented(shown, section)
    detected = cli("detect", "cmake", "--no-default-paths", "--search-path",
                   str(recorded.parent.parent), "--json").json()
    assert not _undocumented(detected[0], section)


def test_platform_keys_are_documented(cli):
    info = cli("platform", "--json").json()
    section = _json_section("platform --json")
    missing = _undocumented(info, section)
    for key in ("distro", "libc", "cpu", "memory"):
        missing += [f"{key}.{k}" for k in _undocumented(info[key], section)]
    for gpu in info["gpus"]:
        missing += [f"gpus[].{k}" for k in _undocumented(gpu, section)]
    assert not missing, f"docs/json-formats.md, 'platform --json': not documented: {missing}"


def test_search_keys_are_documented(cli):
    items = cli("search", "--json").json()
    assert items
    section = _json_section("search --json")
    missing = _undocumented({k for i in items for k in i}, section)
    assert not missing, f"docs/json-formats.md, 'search --json': not documented: {missing}"


def test_plugin_list_keys_are_documented(cli):
    rows = cli("plugin", "list", "--json").json()
    assert rows
    section = _json_section("plugin list --json")
    missing = _undocumented({k for r in rows for k in r}, section)
    assert not missing, f"docs/json-formats.md, 'plugin list --json': not documented: {missing}"
    info = cli("plugin", "info", rows[0]["name"], "--json").json()
    assert not _undocumented(info, section)


def test_plugin_new_and_check_keys_are_documented(cli, tmp_path):
    new = cli("plugin", "new", "mytool", "--dir", str(tmp_path / "p"), "--json")
    assert new.rc == 0, new.err
    missing = _undocumented(new.json(), _json_section("plugin new --json"))
    assert not missing, f"'plugin new --json': not documented: {missing}"
    check = cli("plugin", "check", str(tmp_path / "p" / "mytool.py"), "--json")
    section = _json_section("plugin check --json")
    missing = _undocumented({k for f in check.json() for k in f}, section)
    assert not missing, f"'plugin check --json': not documented: {missing}"


def test_captured_case_keys_are_documented(cli, recorded):
    r = cli("dev", "capture", "cmake", str(recorded))
    assert r.rc == 0, r.err
    case = r.json()
    section = _json_section("Recorded cases")
    missing = _undocumented(case, section)
    missing += [f"expect[].{k}" for e in case["expect"] for k in _undocumented(e, section)]
    missing += [f"layout.*.{k}" for spec in case["layout"].values() if isinstance(spec, dict)
                for k in spec if f'"{k}"' not in section]
    assert not missing, f"docs/json-formats.md, 'Recorded cases': not documented: {missing}"


def test_builtin_index_keys_are_documented():
    import json

    index = json.loads((ROOT / "plugins" / "_index.json").read_text())
    section = _json_section("_index.json")
    missing = _undocumented(index, section)
    for meta in index["modules"].values():
        missing += [f"modules.*.{k}" for k in meta if f"`modules.*.{k}`" not in section]
        for soft in meta["softs"]:
            missing += [f"softs[].{k}" for k in _undocumented(soft, section)]
    missing = sorted(set(missing))
    assert not missing, f"docs/json-formats.md, 'plugins/_index.json': not documented: {missing}"


# -- the docs' own code blocks ----------------------------------------------------------


FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)


@pytest.mark.parametrize("doc", ["user-guide.md", "cli.md", "json-formats.md"])
def test_code_blocks_parse(doc):
    """JSON examples are JSON, TOML examples TOML, Python examples Python."""
    import ast
    import json

    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    for lang, body in FENCE.findall((ROOT / "docs" / doc).read_text()):
        if lang == "json":
            json.loads(body)
        elif lang == "toml":
            tomllib.loads(body)
        elif lang == "python":
            ast.parse(body)


def test_reproduce_and_export_keys_are_documented(cli, recorded, tmp_path):
    section = _json_section("lock`, `restore")
    lock = tmp_path / "x.lock"
    written = cli("lock", "--tags=cmake", "-o", str(lock), "--json").json()
    assert written["written"] == str(lock) and len(written["entries"]) == 1
    outputs = [written, cli("restore", str(lock), "--json").json(),
               cli("restore", str(lock), "--check", "--json").json(),
               cli("diff", str(lock), "--json").json(),
               *cli("verify", "--json").json()]
    missing = sorted({k for o in outputs for k in _undocumented(o, section)})
    assert not missing, f"docs/json-formats.md, lock/restore/diff/verify: {missing}"
    out = cli("export", "--tags=cmake", "--format", "sh", "-o", str(tmp_path / "e.sh"),
              "--json").json()
    assert not _undocumented(out, _json_section("export --json"))
