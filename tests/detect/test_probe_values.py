"""What a probe reads from a tool is not trusted: a version must be a version, and no
value may carry control characters; the candidate is rejected and --explain says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tool

from envmgr.detect.soft import Reject

# a declaration as loose as the old java pattern: anything between the quotes
PLUGIN = '''
from envmgr.detect.soft import Soft


class Loose(Soft):
    name = "loosetool"
    executables = [r"loosetool\\d+"]
    version_regex = r'version "(?P<version>[^"]+)"'
    attrs_regex = {"build": r"^build: (.*)$"}
'''

# printf formats: each prints a hostile version or attribute
HOSTILE = {
    "esc": r'version "1.0\033[31m"',
    "osc": r'version "1.0\033]0;owned\007"',
    "subst": r'version "$(rm -rf ~)"',
    "semicolon": r'version "1.0; ls"',
    "backtick": r'version "1.0`id`"',
    "newline": r'version "1.0\nexport X=1"',
    "nul": r'version "1.0\000x"',
    "space": r'version "1.0 beta"',
    "slash": r'version "../../etc"',
    "long": 'version "' + "1" * 200 + '"',
    "attr-esc": r'version "1.0"\nbuild: \033[2Jgone',
    "attr-cr": r'version "1.0"\nbuild: ok\rfake',
    "attr-bidi": 'version "1.0"\\nbuild: abc\u202edef',
}


def _printf(fmt: str) -> str:
    return "printf '" + fmt.replace("'", "'\\''") + "\\n'\n"


def test_hostile_versions_and_attrs_are_rejected_with_the_reason(cli, tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "loose.py").write_text(PLUGIN)
    bindir = tmp_path / "bin"
    names = {}
    for i, (what, fmt) in enumerate(HOSTILE.items()):
        names[what] = bindir / f"loosetool{i}"
        write_tool(names[what], _printf(fmt))
    write_tool(bindir / "loosetool99", _printf(r'version "17.0.15+6"\nbuild: 17.0.15+6-LTS'))
    r = cli("detect", "loosetool", "--no-default-paths", "--search-path", str(bindir),
            "--explain", "--json", env={"ENVMGR_PLUGIN_PATH": str(plugins)})
    assert r.rc == 0, r.err
    assert [(e["version"], e["attrs"]["build"]) for e in r.json()] == [
        ("17.0.15+6", "17.0.15+6-LTS")]
    for what, path in names.items():
        line = next((ln for ln in r.err.splitlines() if f"reject {path}:" in ln), None)
        assert line is not None, (what, r.err)
        assert "is not a version" in line or "control character" in line, (what, line)
        assert "\x1b" not in line and "\x00" not in line and "\r" not in line, (what, line)


def test_the_java_and_node_patterns_take_only_a_version(cli, tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    write_tool(bindir / "java", _printf(r'openjdk version "17$(touch /tmp/x)" 2025-04-15'))
    write_tool(bindir / "node", _printf(r'v20.1.0\033[31m'))
    r = cli("detect", "java", "node", "--no-default-paths", "--search-path", str(bindir),
            "--explain", "--json")
    assert r.rc == 0, r.err
    assert r.json() == []
    assert f"java: reject {bindir / 'java'}" in r.err
    assert f"node: reject {bindir / 'node'}" in r.err


@pytest.mark.parametrize("version", [
    "1.1.1w", "2.6.32-5", "17.0.15+6", "3.12.0rc1", "2024.06", "1.0~beta", "1.8.0_392",
    "25.0.3+9-LTS", "0.9", "7", "2.0.0-beta.1+exp.sha.5114f85",
])
def test_real_versions_match_the_grammar(version: str) -> None:
    from envmgr.detect.probed import VERSION_GRAMMAR, check_probed

    assert VERSION_GRAMMAR.fullmatch(version)
    assert check_probed({"version": version})["version"] == version


@pytest.mark.parametrize("probed", [
    {"version": "1.0", "prefix": "/opt/x\n/evil"},
    {"version": "1.0", "env": {"X": "a\x1bb"}},
    {"version": "1.0", "paths": {"bin": ["/opt/\x00x"]}},
    {"version": "1.0", "tags": ["ok", "bad tag"]},
    {"version": "1.0", "attrs": {"depends": [{"prefix": "/usr\x07"}]}},
    {"version": "1.0", "attrs": {"a\nb": "x"}},
    {"version": "-1"},
    {"version": ""},
])
def test_probe_values_are_checked(probed: dict[str, object]) -> None:
    from envmgr.detect.probed import check_probed

    with pytest.raises(Reject):
        check_probed(probed)


@pytest.mark.parametrize("probed", [
    {"version": 1}, {"version": "1", "attrs": ["x"]}, {"version": "1", "attrs": {"x": object()}},
    {"version": "1", "bogus": 1}, "1.0",
])
def test_a_probe_returning_the_wrong_shape_is_a_plugin_bug(probed: object) -> None:
    from envmgr.detect.probed import check_probed

    with pytest.raises(TypeError):
        check_probed(probed)
