"""envmgr: detect, install and use software environments.

The package imports nothing heavy at start-up; the public API is loaded on first use::

    import envmgr
    with envmgr.Envmgr() as em:
        report = em.detect(["cmake"])
    env = envmgr.shell_env([["python", "v3.11"]])
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "hookimpl",
    "Soft",
    "Candidate",
    "Reject",
    "EnvmgrError",
    "Entry",
    "Envmgr",
    "shell_env",
    "platform_info",
]

_LAZY = {
    "hookimpl": ("envmgr.plugin.hookspecs", "hookimpl"),
    "Soft": ("envmgr.detect.soft", "Soft"),
    "Candidate": ("envmgr.detect.soft", "Candidate"),
    "Reject": ("envmgr.detect.soft", "Reject"),
    "EnvmgrError": ("envmgr.errors", "EnvmgrError"),
    "Entry": ("envmgr.store.entry", "Entry"),
    "Envmgr": ("envmgr.api", "Envmgr"),
    "shell_env": ("envmgr.api", "shell_env"),
    "platform_info": ("envmgr.platform", "platform_info"),
}


def __getattr__(name: str) -> object:
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'envmgr' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
