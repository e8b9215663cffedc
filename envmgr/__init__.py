"""envmgr: detect, install and use software environments.

The package imports nothing heavy at start-up; the public API is loaded on first use::

    import envmgr
    with envmgr.Envmgr() as em:
        report = em.detect(["cmake"])
    env = envmgr.shell_env([["python", "v3.11"]])
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "hookimpl",
    "Soft",
    "Candidate",
    "Reject",
    "EnvmgrError",
    "UsageError",
    "NotFoundError",
    "RegistryError",
    "PluginError",
    "ProbeError",
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
    # the whole error tree, so that `except envmgr.NotFoundError` needs no second import;
    # checked against envmgr.errors.__all__ by tests/test_api.py
    **{name: ("envmgr.errors", name) for name in (
        "EnvmgrError", "UsageError", "NotFoundError", "RegistryError", "PluginError",
        "ProbeError")},
    "Entry": ("envmgr.store.entry", "Entry"),
    "Envmgr": ("envmgr.api", "Envmgr"),
    "shell_env": ("envmgr.api", "shell_env"),
    "platform_info": ("envmgr.platform", "platform_info"),
}


def _module(name: str) -> Any:
    # __import__, not importlib: importing importlib (and warnings) costs start-up time where
    # the interpreter has not loaded it yet
    return __import__(name, fromlist=["__name__"])


def __getattr__(name: str) -> object:
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        # an error class added to envmgr.errors later is exported too, without a new line here
        errors = _module("envmgr.errors") if name.endswith("Error") else None
        if errors is None or name not in errors.__all__:
            raise AttributeError(f"module 'envmgr' has no attribute {name!r}") from None
        module_name, attr = "envmgr.errors", name

    value = getattr(_module(module_name), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
