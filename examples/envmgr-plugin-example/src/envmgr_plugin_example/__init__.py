"""An example envmgr plugin package: a tiny tool and the plugin that detects it."""

__version__ = "0.1.0"
