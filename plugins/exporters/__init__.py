"""Builtin export formats: each registers itself through envmgr_register_exporters."""
