"""The example plugin's own tests, with envmgr's pytest plugin (envmgr.testing)."""

import os
import shutil
import sysconfig

import pytest

from envmgr.testing import plugin_cases
from envmgr_plugin_example import plugin


@pytest.mark.parametrize("case", plugin_cases(plugin))
def test_recorded_case(case, tmp_path):
    assert case.check(tmp_path) == []


def test_detected_and_usable(envmgr_run, register_plugin, fake_tool):
    register_plugin(plugin)
    fake_tool("envmgr-example-tool", "envmgr-example-tool 9.8.7\n")
    envmgr_run("detect", "example-tool").assert_success()
    r = envmgr_run("shell", "--tags=example-tool,v9.8", "--", "envmgr-example-tool", "--version")
    assert r.assert_success().out == "envmgr-example-tool 9.8.7\n"


# where pip put the package's console script
TOOL = shutil.which("envmgr-example-tool", path=sysconfig.get_path("scripts"))


@pytest.mark.skipif(not TOOL, reason="the package is not installed")
def test_the_installed_tool_is_detected(envmgr_run, register_plugin):
    register_plugin(plugin)
    r = envmgr_run("detect", "example-tool", "--json", "--search-path", os.path.dirname(TOOL))
    assert TOOL in [e["attrs"]["executable"] for e in r.assert_success().json()]
