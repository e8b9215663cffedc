"""The exception tree: every error a user sees derives from EnvmgrError."""

from __future__ import annotations

__all__ = [
    "EnvmgrError",
    "UsageError",
    "NotFoundError",
    "RegistryError",
    "PluginError",
    "ProbeError",
]


class EnvmgrError(Exception):
    """An error shown to the user as one sentence, with an optional suggestion."""

    exit_code = 1

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion

    def __str__(self) -> str:
        if self.suggestion:
            return f"{self.message}; {self.suggestion}"
        return self.message


class UsageError(EnvmgrError):
    """The command line or an argument is wrong."""

    exit_code = 2


class NotFoundError(EnvmgrError):
    """A soft, entry or plugin that was asked for does not exist."""

    exit_code = 3


class RegistryError(EnvmgrError):
    """The registry cannot be opened or is not ours to change."""

    exit_code = 4


class PluginError(EnvmgrError):
    """A plugin failed; carries the plugin, the hook and the cause."""

    def __init__(self, plugin: str, hook: str, cause: BaseException | str) -> None:
        self.plugin = plugin
        self.hook = hook
        self.cause = cause
        super().__init__(
            f"plugin '{plugin}' failed in {hook}: {cause}",
            f"disable it with -p no:{plugin}",
        )


class ProbeError(EnvmgrError):
    """Running a tool to learn its version failed or timed out."""
