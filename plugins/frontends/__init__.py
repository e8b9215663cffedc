"""Builtin install front-ends: each registers itself through envmgr_register_frontends."""
