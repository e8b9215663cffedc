"""Builtin compilers plugins."""
