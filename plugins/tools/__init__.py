"""Builtin tools plugins."""
