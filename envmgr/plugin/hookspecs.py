"""Hook specifications: every hook a plugin may implement.

A plugin is a module (or object) with functions named after these specs and marked with
``@envmgr.hookimpl``. Detection plugins usually implement none: the :class:`~envmgr.soft.Soft`
subclasses defined in a plugin module are its softs. Hooks are called through pluggy, so
``firstresult``, ``historic`` and ``@hookimpl(wrapper=True)`` behave as pluggy documents.
The order is fixed by origin: user plugins run first, then entry-point plugins, then
builtins, whatever command runs (``tryfirst``/``trylast`` order within that); so for a
firstresult hook a user plugin's answer wins. Registration hooks get a collector
(``frontends.add(name, obj)``), where a later origin wins a name in the same way.
Every call is fault-isolated: an implementation that raises, hangs, tries to end envmgr
(``sys.exit``, ``os._exit``) or returns garbage is named in one warning and skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from envmgr.detect.engine import SearchContext
    from envmgr.detect.soft import Soft
    from envmgr.plugin.collectors import Exporters, Frontends
    from envmgr.store.entry import Entry

__all__ = ["hookspec", "hookimpl", "HOOK_NAMES"]

hookspec = pluggy.HookspecMarker("envmgr")
hookimpl = pluggy.HookimplMarker("envmgr")


# ---------------------------------------------------------------------------------
# Declaration: what a plugin knows how to find
# ---------------------------------------------------------------------------------


@hookspec
def envmgr_softs() -> list[type[Soft]]:
    """Soft declarations this plugin provides, beyond the Soft subclasses of its module.

    Fires when the catalog of softs is built (``detect``, ``search``, ``plugin list``).
    Use it for softs made at run time, for example one class per entry of a site list.

    :return: a list of :class:`envmgr.soft.Soft` subclasses. A soft whose name equals one
        from an earlier-loaded plugin overrides it.
    """


@hookspec
def envmgr_search_dirs(context: SearchContext) -> list[str]:
    """Extra directories where detection looks for executables.

    Fires once per detection run, before the search space is indexed.

    :param context: the run's :class:`envmgr.detect.SearchContext`: ``softs`` (names being
        detected), ``home`` and ``environ``.
    :return: directory paths (globs are not expanded; missing dirs are skipped).
    """


# ---------------------------------------------------------------------------------
# Platform: facts about this machine
# ---------------------------------------------------------------------------------


@hookspec
def envmgr_platform(info: dict[str, Any]) -> None:
    """Add facts to the platform description (``envmgr platform``).

    Fires after the host filled in os, distro, kernel, arch, libc, cpu, memory and gpus.

    :param info: the description; add or change keys in place.
    """


# ---------------------------------------------------------------------------------
# Shells: what activating an entry sets
# ---------------------------------------------------------------------------------


@hookspec
def envmgr_shell_env(entry: Entry, env: dict[str, str]) -> None:
    """Adjust the environment that activating ``entry`` produces.

    Fires once per selected entry in ``shell`` and ``activate``, after the host prepended
    the entry's dirs and set its own variables.

    :param entry: the :class:`envmgr.entry.Entry` being activated.
    :param env: the environment being built; change it in place.
    """


# ---------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------


@hookspec
def envmgr_commands(commands: Any) -> None:
    """Add sub-commands to the ``envmgr`` command line.

    Fires when the CLI meets a sub-command it does not know itself.

    :param commands: a collector; call ``commands.add(name, help, setup, run)`` where
        ``setup(parser)`` adds arguments to an ``argparse`` parser and ``run(args, app)``
        does the work and returns the exit code.
    """


# ---------------------------------------------------------------------------------
# Install (used by the install work; specified now so plugins can rely on the names)
# ---------------------------------------------------------------------------------


@hookspec
def envmgr_register_frontends(frontends: Frontends) -> None:
    """Register installer back-ends (download, pip, spack, easybuild ...).

    Fires when ``envmgr install`` gathers its front-ends.

    :param frontends: a collector; call ``frontends.add(name, frontend)``. A plugin of a
        later origin (user over entry point over builtin) wins a name.
    """


@hookspec(firstresult=True)
def envmgr_pick_frontend(spec: Any, frontends: Frontends) -> str | None:
    """Choose the front-end that installs ``spec``: one answer, so the first one wins.

    Fires once per request of ``envmgr install`` (and ``restore``) that names no
    ``--frontend``, after ``envmgr_register_frontends``. User plugins are asked first,
    then entry points, then builtins; the first that does not return None decides. A name
    no front-end has is ignored with a warning.

    :param spec: what is to be installed: an :class:`envmgr.install.resolver.Request`
        (``name`` or ``tags``, ``version``, ``variants``).
    :param frontends: the registered front-ends, as filled by ``envmgr_register_frontends``.
    :return: the name of a front-end in ``frontends``, or None to leave the choice to
        the next plugin.
    """


@hookspec
def envmgr_register_exporters(exporters: Exporters) -> None:
    """Register lock/export formats (Lmod, Tcl modules, Dockerfile, direnv ...).

    Fires when ``envmgr export`` gathers its exporters (``envmgr.export.build.gather``);
    an exporter subclasses ``envmgr.export.exporter.Exporter``.

    :param exporters: a collector; call ``exporters.add(name, exporter)``. A plugin of a
        later origin wins a name.
    """


@hookspec
def envmgr_recipe_dirs() -> list[str]:
    """Folders of TOML recipes this plugin ships.

    Fires when the recipe index is read (install, search, recipe, fetch, mirror).

    :return: directory paths.
    """


HOOK_NAMES = tuple(name for name in list(globals()) if name.startswith("envmgr_"))
