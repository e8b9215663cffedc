"""Builtin languages plugins."""
