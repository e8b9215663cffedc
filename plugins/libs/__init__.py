"""Builtin library plugins: softs found by a library file, a header or a pkg-config file."""
