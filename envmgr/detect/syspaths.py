"""Dirs shared by unrelated software: never an entry's own lib or include dirs."""

SYSTEM_PREFIXES = frozenset({"/", "/usr", "/usr/local"})
