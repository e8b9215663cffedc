"""Plugin code that would end envmgr's process (``os._exit``, ``os.abort``, a signal to
itself, ``exec``) is reported like any other fault, and envmgr carries on.

Real plugin files, real ``python -m envmgr`` processes: only a real process shows that
envmgr survived and with which status it ended.
"""

from __future__ import annotations

import textwrap

import pytest

GOOD = '''
from envmgr.detect.soft import Soft

class Good(Soft):
    name = "goodtool"
    executables = [r"goodtool"]
    version_regex = r"^goodtool (?P<version>\\S+)"
'''

ENDINGS = {
    "os_exit": ("import os\nos._exit(7)", "os._exit(7)"),
    "posix_exit": ("import posix\nposix._exit(5)", "os._exit(5)"),
    "abort": ("import os\nos.abort()", "os.abort()"),
    "kill_self": ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "os.kill("),
    "exec": ("import os\nos.execv('/bin/true', ['true'])", "os.execv('/bin/true'"),
    "except_all": ("import os\ntry:\n    os._exit(4)\nexcept Exception:\n    pass",
                   "os._exit(4)"),
}


@pytest.fixture
def run(tmp_path, envmgr_run, fake_tool):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "good.py").write_text(GOOD)
    tool = fake_tool("goodtool", "goodtool 2.0.1\n")
    envmgr_run.env["ENVMGR_PLUGIN_PATH"] = str(plugins)

    def detect(name, source, *softs):
        (plugins / f"{name}.py").write_text(source)
        return envmgr_run.subprocess("detect", "goodtool", *softs, "--json", "--search-path",
                                     str(tool.parent), timeout=60)

    return detect


def _warnings(err):
    return [ln for ln in err.splitlines() if ln.startswith("envmgr: warning:")]


@pytest.mark.parametrize("where", ["import", "hook"])
@pytest.mark.parametrize("kind", sorted(ENDINGS))
def test_ending_the_process_is_a_reported_fault(run, kind, where):
    code, says = ENDINGS[kind]
    if where == "hook":
        code = "def envmgr_search_dirs(context):\n" + textwrap.indent(code, "    ") + \
            "\n    return []"
    r = run("ender", code + "\n")
    assert r.rc == 0, r.err
    assert [e["version"] for e in r.json()] == ["2.0.1"]  # envmgr carried on
    [warning] = _warnings(r.err)
    assert "plugin 'ender'" in warning and says in warning and "-p no:ender" in warning
    assert ("failed to import" if where == "import" else "raised in envmgr_search_dirs") \
        in warning
    assert "Traceback" not in r.err


def test_a_probe_that_exits_is_a_probe_fault(run):
    r = run("exitprobe", textwrap.dedent('''
        import os
        from envmgr.detect.soft import Soft

        class ExitProbe(Soft):
            name = "exitprobe"
            executables = [r"goodtool"]

            @classmethod
            def probe(cls, candidate, run):
                os._exit(3)
    '''), "exitprobe")
    assert r.rc == 0, r.err
    assert [e["soft"] for e in r.json()] == ["goodtool"]
    assert any("exitprobe" in w and "os._exit(3)" in w for w in _warnings(r.err)), r.err


def test_envmgr_itself_still_exits_with_its_status(run, envmgr_run):
    run("ender", "import os\nos._exit(7)\n")
    r = envmgr_run.subprocess("detect", "nosuchsoft")
    assert r.rc == 3 and "no soft 'nosuchsoft'" in r.err
