"""Builtin Python package plugins: softs found by a distribution in site-packages."""
