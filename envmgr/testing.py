"""The public pytest plugin for plugin authors (registered through ``pytest11``).

It lives in :mod:`envmgr.authoring.testing`; this module keeps the import path and the
plugin name ``envmgr.testing``, and carries its fixtures so that pytest finds them here.
"""

from __future__ import annotations

from envmgr.authoring.testing import (
    CliResult,
    EnvmgrHome,
    EnvmgrRunner,
    FakePath,
    PluginCase,
    envmgr_home,
    envmgr_run,
    fake_path,
    fake_tool,
    plugin_cases,
    pm,
    register_plugin,
)

__all__ = [
    "EnvmgrHome", "FakePath", "CliResult", "EnvmgrRunner", "PluginCase", "plugin_cases",
    "envmgr_home", "fake_path", "fake_tool", "envmgr_run", "register_plugin", "pm",
]
