"""Builtin cuda plugins."""
