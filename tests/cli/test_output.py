"""What the commands print: stdout carries only the command's output, and text from tools
cannot reach the terminal raw."""

from __future__ import annotations

import json
import textwrap

from conftest import write_tool

from envmgr.store.entry import Entry
from envmgr.store.registry import Registry

PROBE_PRINTS = '''
import threading
from envmgr.soft import Soft


class Noisy(Soft):
    name = "noisytool"
    executables = [r"noisytool"]
    version_regex = r"^noisytool (?P<version>\\S+)"

    @classmethod
    def determine_version(cls, output):
        print("debug: parsing in a probe thread")
        t = threading.Thread(target=print, args=("debug: from a thread of my own",))
        t.start()
        t.join()
        return super().determine_version(output)
'''


def test_prints_in_probes_and_their_threads_stay_off_stdout(tmp_path, cli):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "noisy.py").write_text(PROBE_PRINTS)
    write_tool(tmp_path / "bin" / "noisytool", 'echo "noisytool 1.5"\n')
    env = {"ENVMGR_PLUGIN_PATH": str(plugins)}
    for _ in range(2):  # a probe-cache miss, then a hit
        r = cli("detect", "noisytool", "--json", "--no-default-paths", "--search-path",
                str(tmp_path / "bin"), env=env)
        assert r.rc == 0, r.err
        assert [e["version"] for e in json.loads(r.out)] == ["1.5"]  # the JSON alone
    assert "debug:" not in r.out


def _record(home, **fields) -> None:
    entry = Entry(uid="hostile-0123456789ab", soft="hostile", category="tool",
                  version=fields.pop("version", "1.0"), tags=["hostile", "tool"],
                  source="detected", prefix=fields.pop("prefix", "/opt/hostile"),
                  paths={"bin": [], "lib": [], "include": []}, env={}, attrs=fields, deps=[])
    home.mkdir(parents=True, exist_ok=True)
    with Registry(str(home / "registry.db")).open() as reg:
        reg.upsert([entry])


def test_text_from_tools_is_escaped_in_tables_and_show(home, cli):
    _record(home, version="1.0\x1b[2J\nrm -rf ~", prefix="/opt/ho\x07stile",
            target="x86\rsneaky")
    for args in (("list",), ("show", "hostile-0123456789ab"), ("rm", "hostile-0123456789ab")):
        r = cli(*args)
        assert r.rc == 0, r.err
        assert "\x1b" not in r.out and "\x07" not in r.out and "\r" not in r.out, args
        assert "\\x1b[2J\\nrm -rf ~" in r.out, (args, r.out)


def test_json_keeps_the_exact_text(home, cli):
    _record(home, version="1.0\x1b[2J")
    r = cli("list", "--json")
    assert r.rc == 0 and json.loads(r.out)[0]["version"] == "1.0\x1b[2J"
    assert "\x1b" not in r.out  # JSON escapes it as \u001b


def test_plugin_commands_own_their_stdout(tmp_path, cli):
    plugins = tmp_path / "cmds"
    plugins.mkdir()
    (plugins / "hi.py").write_text(textwrap.dedent('''
        from envmgr import hookimpl

        def _run(args, app):
            print("printed by the command")
            return 0

        @hookimpl
        def envmgr_commands(commands):
            commands.add("hi", "print a line", lambda p: None, _run)
    '''))
    r = cli("hi", env={"ENVMGR_PLUGIN_PATH": str(plugins)})
    assert r.rc == 0 and r.out == "printed by the command\n", r.err
