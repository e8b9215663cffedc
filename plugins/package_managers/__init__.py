"""Builtin package_managers plugins."""
