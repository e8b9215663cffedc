"""Builtin dataset and model plugins: softs found by marker files in a data dir."""
