"""Builtin ROCm plugins."""
