"""Where envmgr keeps things, and the user's settings.

- home (``ENVMGR_HOME``, default: the user data dir, ``$XDG_DATA_HOME/envmgr`` or
  ``~/.local/share/envmgr`` on Linux): the registry, link dirs, caches and installs.
- config dir (``ENVMGR_CONFIG_DIR``, default: the user config dir, ``$XDG_CONFIG_HOME/envmgr``
  or ``~/.config/envmgr`` on Linux): ``config.toml`` and a ``plugins/`` folder of user plugins.

On Linux both defaults follow the XDG base directory spec directly (what platformdirs
does there); platformdirs is imported only on other systems, since it costs more start-up
time than all of ``envmgr shell -- CMD`` may take.

``config.toml`` keys::

    disabled_plugins = ["tools.docker"]           # by plugin name, as `plugin list` shows
    plugin_paths = ["~/lab/envmgr-plugins"]        # more user plugin folders
    search_paths = ["/opt/site/bin"]               # more places detection looks
    upstreams = ["/shared/envmgr"]                 # read-only homes whose entries show too

    [frontends.spack]                               # one table per install front-end:
    repos = ["/site/spack-packages/repos/spack_repo/builtin"]   # its own keys, checked by
                                                    # that front-end when it installs

A file that cannot be read, is not UTF-8, is not TOML, or gives a key the wrong type is
a UsageError naming the file (and the key), with what to do.
"""

from __future__ import annotations

import os
import sys

from envmgr.errors import UsageError

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Config", "load_config"]


def _user_dir(kind: str) -> str:
    """The user data (``kind="data"``) or config dir of envmgr."""
    if sys.platform.startswith("linux") and not hasattr(sys, "getandroidapilevel"):
        var, default = (("XDG_DATA_HOME", "~/.local/share") if kind == "data"
                        else ("XDG_CONFIG_HOME", "~/.config"))
        base = os.environ.get(var, "")
        if not os.path.isabs(base):  # the spec: a relative value is to be ignored
            base = os.path.expanduser(default)
        if os.path.isabs(base):
            return os.path.join(base, "envmgr")
    import platformdirs

    if kind == "data":
        return str(platformdirs.user_data_dir("envmgr", appauthor=False))
    return str(platformdirs.user_config_dir("envmgr", appauthor=False))


def default_home() -> str:
    """The home this run uses without ``--home``: ``ENVMGR_HOME`` or the user data dir."""
    return os.path.abspath(os.path.expanduser(os.environ.get("ENVMGR_HOME") or _user_dir("data")))


def default_config_dir() -> str:
    """``ENVMGR_CONFIG_DIR`` or the user config dir."""
    return os.environ.get("ENVMGR_CONFIG_DIR") or _user_dir("config")


class Config:
    """Paths and settings of one run (a plain class: no dataclasses import at start-up)."""

    def __init__(
        self, home: str, config_dir: str, settings: dict[str, Any] | None = None,
        disabled_plugins: list[str] | None = None,
    ) -> None:
        self.home = home
        self.config_dir = config_dir
        self.settings = settings or {}
        self.disabled_plugins = disabled_plugins or []
        """Plugin names blocked on this run (``-p no:NAME``) on top of the config's."""
        self._plugin_dirs: list[str] | None = None

    @property
    def registry_path(self) -> str:
        return os.path.join(self.home, "registry.db")

    @property
    def cache_dir(self) -> str:
        return os.path.join(self.home, "cache")

    @property
    def links_dir(self) -> str:
        return os.path.join(self.home, "links")

    @property
    def plugin_dirs(self) -> list[str]:
        """User plugin folders: ENVMGR_PLUGIN_PATH, config ``plugin_paths``, the config dir's
        plugins/."""
        if self._plugin_dirs is not None:
            return self._plugin_dirs
        dirs = [d for d in os.environ.get("ENVMGR_PLUGIN_PATH", "").split(os.pathsep) if d]
        dirs += [os.path.expanduser(str(d)) for d in self.settings.get("plugin_paths", [])]
        dirs.append(os.path.join(self.config_dir, "plugins"))
        self._plugin_dirs = list(dict.fromkeys(os.path.abspath(d) for d in dirs))
        return self._plugin_dirs

    @property
    def blocked(self) -> set[str]:
        return set(self.disabled_plugins) | set(self.settings.get("disabled_plugins", []))

    @property
    def upstreams(self) -> list[str]:
        """Read-only site homes (config ``upstreams``), absolute; this home left out."""
        dirs = [os.path.abspath(os.path.expanduser(str(d)))
                for d in self.settings.get("upstreams", [])]
        return [d for d in dict.fromkeys(dirs) if d != self.home]

    @property
    def mirrors(self) -> list[str]:
        """Download mirrors (config ``mirrors``), tried after ``--mirror`` ones and before
        upstream: URLs as written, folders with ``~`` expanded."""
        return [m if "://" in m else os.path.expanduser(m)
                for m in (str(x) for x in self.settings.get("mirrors", []))]

    @property
    def frontends(self) -> dict[str, dict[str, Any]]:
        """Per front-end settings (config ``[frontends.<name>]`` tables), by name; each
        front-end checks its own keys (``Frontend.settings_keys``) when it is used."""
        tables = self.settings.get("frontends", {})
        return {str(k): dict(v) for k, v in tables.items() if isinstance(v, dict)}

    @property
    def search_paths(self) -> list[str]:
        return [os.path.expanduser(str(p)) for p in self.settings.get("search_paths", [])]


def load_config(home: str | None = None, config_dir: str | None = None) -> Config:
    home = home or os.environ.get("ENVMGR_HOME") or _user_dir("data")
    config_dir = config_dir or default_config_dir()
    settings: dict[str, Any] = {}
    path = os.path.join(config_dir, "config.toml")
    if os.path.lexists(path):
        settings = _read_toml(path)
        _check_types(path, settings)
    return Config(home=os.path.abspath(os.path.expanduser(home)), config_dir=config_dir,
                  settings=settings)


_FIX = "fix it or move it aside (see the config.toml keys in the user guide)"


def _read_toml(path: str) -> dict[str, Any]:
    import stat

    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # a dir, a FIFO (which would block), a device
            raise UsageError(f"the config file {path} is not a regular file", _FIX)
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as exc:
        raise UsageError(f"cannot read the config file {path}: {exc.strerror or exc}",
                         _FIX) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"the config file {path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line "
            f"{line})", "save it as UTF-8, or move it aside") from None
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,unused-ignore]
    try:
        settings: dict[str, Any] = tomllib.loads(text)
        return settings
    except tomllib.TOMLDecodeError as exc:
        reason = " ".join(str(exc).split())  # one line
        raise UsageError(f"the config file {path} is not valid TOML: {reason}", _FIX) from None
    except (RecursionError, MemoryError, ValueError) as exc:  # absurd nesting, and the like
        raise UsageError(f"the config file {path} cannot be parsed: {type(exc).__name__}",
                         _FIX) from None


_LIST_KEYS = ("disabled_plugins", "plugin_paths", "search_paths", "upstreams",
              "recipe_paths", "mirrors")
_PATH_KEYS = ("plugin_paths", "search_paths", "upstreams", "recipe_paths", "mirrors")


def _check_types(path: str, settings: dict[str, Any]) -> None:
    frontends = settings.get("frontends")
    if frontends is not None and not (isinstance(frontends, dict) and all(
            isinstance(v, dict) for v in frontends.values())):
        raise UsageError(f"{path}: 'frontends' must hold one table per front-end",
                         "write [frontends.spack] followed by its keys")
    for key in _LIST_KEYS:
        value = settings.get(key)
        if value is None:
            continue
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            shown = repr(value)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            raise UsageError(
                f"{path}: '{key}' must be a list of strings, not {shown}",
                f'write {key} = ["..."]',
            )
        for v in value:
            if not v.strip() or "\0" in v or any(c in v for c in "\n\r"):
                # "" would mean the current directory, wherever envmgr runs
                raise UsageError(f"{path}: '{key}' has {v[:60]!r}, which is not a "
                                 + ("path" if key in _PATH_KEYS else "plugin name"),
                                 "remove it, or write a full path" if key in _PATH_KEYS
                                 else "remove it, or write a name from 'envmgr plugin list'")
