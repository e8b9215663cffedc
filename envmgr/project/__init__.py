"""Projects: ``envmgr.toml`` (what a project needs), ``envmgr.lock`` (what answered), tasks.

- :mod:`~envmgr.project.manifest`: finding and reading the manifest, every key checked;
- :mod:`~envmgr.project.facts`: the platform facts ``when`` conditions read;
- :mod:`~envmgr.project.sync`: each need → an entry (reused, detected or installed), the lock;
- :mod:`~envmgr.project.environment`: the project's environment (entries, ``[env]``);
- :mod:`~envmgr.project.tasks`: tasks, their ``depends``, ``run --each``;
- :mod:`~envmgr.project.edit`: ``init``, ``add``, ``remove`` (comments and order kept);
- :mod:`~envmgr.project.fast`: ``run`` with a fresh lock, from a cache, importing little.

Like :mod:`envmgr.install.session`, the functions here take an :class:`envmgr.api.Envmgr`
(passed in, never imported).
"""
