"""Builtin plugins of envmgr, by category. Indexed in _index.json; imported lazily."""
