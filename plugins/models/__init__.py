"""Builtin model plugins: model files found by their published names in a dir."""
