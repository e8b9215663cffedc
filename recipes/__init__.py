"""Builtin install recipes (TOML, by category); filled by the install work."""
