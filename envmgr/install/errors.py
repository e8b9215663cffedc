"""Errors of the install machinery; all derive from envmgr.errors.EnvmgrError."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from envmgr.errors import EnvmgrError, NotFoundError

__all__ = [
    "InstallError",
    "RecipeError",
    "ResolveError",
    "UnknownRecipeError",
    "NoVersionError",
    "ConflictError",
    "CycleError",
    "FetchError",
    "ChecksumError",
    "OfflineError",
    "ExtractError",
]


class InstallError(EnvmgrError):
    """Something in resolving, fetching or installing went wrong."""


class RecipeError(InstallError):
    """A recipe is invalid: names the file, the key path inside it and the reason."""

    def __init__(self, file: str | Path | None, key: str, reason: str) -> None:
        self.file = str(file) if file is not None else "<recipe>"
        self.key = key
        self.reason = reason
        where = f"{self.file}: {key}" if key else self.file
        super().__init__(f"invalid recipe {where}: {reason}")


class ResolveError(InstallError):
    """No plan satisfies the requests; ``chain`` is the path of dependencies that led here."""

    def __init__(
        self, message: str, chain: Sequence[str] = (), suggestion: str | None = None
    ) -> None:
        self.chain = tuple(chain)
        super().__init__(message, suggestion)


class UnknownRecipeError(ResolveError, NotFoundError):
    """A request names no recipe, soft or tag set that anything provides."""

    exit_code = 3


class NoVersionError(ResolveError):
    """A recipe exists but none of its versions satisfies the spec."""


class ConflictError(ResolveError):
    """Two dependents need versions of one soft that no single version satisfies."""


class CycleError(ResolveError):
    """Recipes depend on each other in a loop."""


class FetchError(InstallError):
    """A download failed from every URL; ``attempts`` lists (url, reason) for each one tried."""

    def __init__(
        self,
        message: str,
        attempts: Sequence[tuple[str, str]] = (),
        suggestion: str | None = None,
    ) -> None:
        self.attempts = tuple(attempts)
        if self.attempts:
            message += "; tried: " + "; ".join(f"{url} ({why})" for url, why in self.attempts)
        super().__init__(message, suggestion)


class ChecksumError(FetchError):
    """The bytes downloaded do not match the recipe's checksum (the bad file is discarded)."""


class OfflineError(FetchError):
    """ENVMGR_OFFLINE=1 is set and the file is not in the cache or a local mirror."""


class ExtractError(InstallError):
    """An archive is unreadable or unsafe (a path or link leaving staging, a device, setuid)."""
