"""Broken plugins: each is named in one warning line and skipped; everything else works.

Real plugin files in a temporary ENVMGR_PLUGIN_PATH, real ``python -m envmgr`` processes.
"""

from __future__ import annotations

import textwrap
import time

import pytest

GOOD = '''
from envmgr.detect.soft import Soft

class Good(Soft):
    name = "goodtool"
    summary = "a tool that works"
    executables = [r"goodtool"]
    version_regex = r"^goodtool (?P<version>\\S+)"
'''

# name -> (plugin source, what its one warning line says)
BROKEN = {
    "import_error": ("import envmgr_no_such_module_xyz\n",
                     "failed to import: ModuleNotFoundError"),
    "syntax_error": ("def broken(:\n", "failed to import: SyntaxError"),
    "raises_in_hook": ("def envmgr_search_dirs(context):\n    raise RuntimeError('boom')\n",
                       "raised in envmgr_search_dirs: RuntimeError: boom"),
    "garbage_dirs": ("def envmgr_search_dirs():\n    return 42\n",
                     "returned garbage from envmgr_search_dirs: 42 is not a list of paths"),
    "garbage_softs": ("def envmgr_softs():\n    return ['not a soft']\n",
                      "returned garbage from envmgr_softs"),
    "raises_in_softs": ("def envmgr_softs():\n    return 1 / 0\n",
                        "raised in envmgr_softs: ZeroDivisionError"),
    "unknown_hook": ("def envmgr_search_dir():\n    return []\n",
                     "unknown hook envmgr_search_dir; did you mean envmgr_search_dirs?"),
    "wrong_argument": ("def envmgr_search_dirs(ctx):\n    return []\n",
                       "argument 'ctx' is not in the spec envmgr_search_dirs(context)"),
    "hangs_in_hook": ("import time\ndef envmgr_search_dirs():\n    time.sleep(60)\n",
                      "hung in envmgr_search_dirs: did not finish within 1s"),
    "hangs_on_import": ("import time\ntime.sleep(60)\n", "hung while importing"),
}


class Setup:
    """A plugin folder holding a good plugin, its fake tool, and the CLI to run."""

    def __init__(self, plugins, tool, run):
        self.plugins, self.tool, self.run = plugins, tool, run

    def add(self, name, source):
        (self.plugins / f"{name}.py").write_text(textwrap.dedent(source))

    def detect(self, *args, env=None):
        """``envmgr detect ARGS --json`` in a real process, searching the fake tool's dir."""
        return self.run.subprocess("detect", *args, "--json", "--search-path",
                                   str(self.tool.parent), env=env, timeout=60)


@pytest.fixture
def setup(tmp_path, envmgr_run, fake_tool):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "good.py").write_text(GOOD)
    tool = fake_tool("goodtool", "goodtool 2.0.1\n")
    envmgr_run.env.update({"ENVMGR_PLUGIN_PATH": str(plugins), "ENVMGR_PLUGIN_TIMEOUT": "1"})
    return Setup(plugins, tool, envmgr_run)


def _warnings(err):
    return [line for line in err.splitlines() if line.startswith("envmgr: warning:")]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_plugin_is_named_once_and_skipped(setup, name):
    source, says = BROKEN[name]
    setup.add(name, source)
    start = time.monotonic()
    r = setup.detect("goodtool").assert_success()
    assert time.monotonic() - start < 30
    assert [e["version"] for e in r.json()] == ["2.0.1"], "the good plugin still works"
    warnings = _warnings(r.err)
    assert len(warnings) == 1, r.err
    assert f"plugin '{name}'" in warnings[0] and says in warnings[0]
    assert f"-p no:{name}" in warnings[0]
    assert "Traceback" not in r.err


@pytest.mark.parametrize("name, where", [
    ("import_error", "import envmgr_no_such_module_xyz"),
    ("raises_in_hook", "raise RuntimeError('boom')"),
    ("hangs_in_hook", "time.sleep(60)"),
])
def test_debug_shows_the_traceback(setup, name, where):
    setup.add(name, BROKEN[name][0])
    r = setup.detect("goodtool", "--debug").assert_success()
    assert f"{setup.plugins / name}.py" in r.err and where in r.err
    assert ("hung here" if "hangs" in name else "Traceback") in r.err


def test_disabled_broken_plugin_is_silent(setup):
    setup.add("bad", BROKEN["import_error"][0])
    r = setup.detect("goodtool", "-p", "no:bad").assert_success()
    assert _warnings(r.err) == []


PROBES = {
    "raises": ("raise RuntimeError('probe exploded')", "probe exploded"),
    "garbage": ("return 'not a dict'", "not a dict"),
    "hangs": ("time.sleep(60)", "did not finish within 1s"),
}


@pytest.mark.parametrize("kind", sorted(PROBES))
def test_broken_probe_is_named_and_skipped(setup, kind):
    body, says = PROBES[kind]
    setup.add("badprobe", f'''
        import time
        from envmgr.detect.soft import Soft

        class BadProbe(Soft):
            name = "badprobe"
            executables = [r"goodtool"]
            timeout = 1

            @classmethod
            def probe(cls, candidate, run):
                {body}
    ''')
    start = time.monotonic()
    r = setup.detect("goodtool", "badprobe").assert_success()
    assert time.monotonic() - start < 30
    assert [e["soft"] for e in r.json()] == ["goodtool"]
    warnings = _warnings(r.err)
    assert len(warnings) == 1 and "badprobe" in warnings[0] and says in warnings[0], r.err
    assert str(setup.tool) in warnings[0]


@pytest.mark.slow
def test_hanging_tool_does_not_hang_detection(setup):
    setup.add("sleepy", '''
        from envmgr.detect.soft import Soft

        class Sleepy(Soft):
            name = "sleepy"
            executables = [r"sleepy"]
            version_regex = r"^sleepy (\\d+\\.\\d+)"
            timeout = 1
    ''')
    sleepy = setup.tool.parent / "sleepy"
    sleepy.write_text("#!/bin/sh\nsleep 60\n")
    sleepy.chmod(0o755)
    start = time.monotonic()
    r = setup.detect("goodtool", "sleepy", "--explain").assert_success()
    assert time.monotonic() - start < 20
    assert [e["soft"] for e in r.json()] == ["goodtool"]
    assert "did not finish within 1s" in r.err


@pytest.mark.slow
def test_detect_all_survives_a_broken_plugin(setup):
    setup.add("bad", BROKEN["raises_in_hook"][0])
    r = setup.detect("--all").assert_success()
    assert "goodtool" in {e["soft"] for e in r.json()}
    assert len([w for w in _warnings(r.err) if "plugin 'bad'" in w]) == 1


def test_trace_hooks_logs_calls_with_arguments_and_results(setup):
    setup.add("dirs", "def envmgr_search_dirs(context):\n    return ['/nonexistent/trace']\n")
    r = setup.detect("goodtool", env={"ENVMGR_TRACE_HOOKS": "1"}).assert_success()
    calls = [ln for ln in r.err.splitlines() if ln.startswith("envmgr: trace: dirs.")]
    assert any("envmgr_search_dirs({'context': SearchContext(softs=['goodtool']" in c
               for c in calls), r.err
    assert any("-> ['/nonexistent/trace']" in c for c in calls), r.err
