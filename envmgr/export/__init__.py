"""Exporters: the environment operations of entries, written for other tools.

An exporter renders what activating entries does (:mod:`envmgr.activate.envops`) as a file
another tool reads: an Lmod or Tcl modulefile, an ``.envrc``, a container definition, a
Spack ``packages.yaml``. The base class is :class:`envmgr.export.exporter.Exporter`; the
builtin ones are plugins (``plugins/exporters/``), registered through
``envmgr_register_exporters`` like any other, so that others can be added.
"""
