"""Where envmgr keeps things, and the user's settings.

- home (``ENVMGR_HOME``, default: platformdirs' user data dir): the registry, link dirs,
  caches and installs.
- config dir (``ENVMGR_CONFIG_DIR``, default: platformdirs' user config dir): ``config.toml``
  and a ``plugins/`` folder of user plugins.

``config.toml`` keys::

    disabled_plugins = ["tools.docker"]           # by plugin name, as `plugin list` shows
    plugin_paths = ["~/lab/envmgr-plugins"]        # more user plugin folders
    search_paths = ["/opt/site/bin"]               # more places detection looks
"""

from __future__ import annotations

import os

from envmgr.errors import UsageError

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Config", "load_config"]


def _user_dir(kind: str) -> str:
    import platformdirs

    if kind == "data":
        return str(platformdirs.user_data_dir("envmgr", appauthor=False))
    return str(platformdirs.user_config_dir("envmgr", appauthor=False))


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
    def search_paths(self) -> list[str]:
        return [os.path.expanduser(str(p)) for p in self.settings.get("search_paths", [])]


def load_config(home: str | None = None, config_dir: str | None = None) -> Config:
    home = home or os.environ.get("ENVMGR_HOME") or _user_dir("data")
    config_dir = config_dir or os.environ.get("ENVMGR_CONFIG_DIR") or _user_dir("config")
    settings: dict[str, Any] = {}
    path = os.path.join(config_dir, "config.toml")
    if os.path.exists(path):
        settings = _read_toml(path)
        _check_types(path, settings)
    return Config(home=os.path.abspath(os.path.expanduser(home)), config_dir=config_dir,
                  settings=settings)


def _read_toml(path: str) -> dict[str, Any]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read the config file {path}: {exc}",
                         "fix it or move it aside") from exc


_LIST_KEYS = ("disabled_plugins", "plugin_paths", "search_paths")


def _check_types(path: str, settings: dict[str, Any]) -> None:
    for key in _LIST_KEYS:
        value = settings.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise UsageError(
                f"{path}: '{key}' must be a list of strings, not {value!r}",
                f'write {key} = ["..."]',
            )
