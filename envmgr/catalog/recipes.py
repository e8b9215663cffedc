"""The slot for recipes in the catalogue (the install work fills it).

A recipe index answers which recipes exist and where each is defined; the catalogue asks
it as it asks the plugin indexes, with the same precedence (builtin < entry point < user).
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["RecipeIndex", "NoRecipes"]


class RecipeIndex(Protocol):
    """What the catalogue needs of a recipe index."""

    def names(self) -> list[str]:
        """Every recipe name, in no particular order."""
        ...

    def location(self, name: str) -> str | None:
        """The file that defines recipe ``name``, or None."""
        ...


class NoRecipes:
    """The recipe index until the install work brings one: empty."""

    def names(self) -> list[str]:
        return []

    def location(self, name: str) -> str | None:
        return None
