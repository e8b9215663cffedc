"""The environment entry: one recorded, resolved installation (see docs/json-formats.md)."""

from __future__ import annotations

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Entry", "make_uid", "now_iso", "checked_entry"]

# A plain class, not a dataclass: importing dataclasses (and inspect) costs ~5 ms, a fifth
# of the budget of `envmgr shell`, which builds entries on every call.
_FIELDS = ("uid", "soft", "category", "version", "tags", "source", "prefix", "paths", "env",
           "attrs", "deps", "recipe", "created", "updated", "stale")


def make_uid(soft: str, *identity: str) -> str:
    """A stable id: the same soft and identity (prefix, version ...) give the same uid."""
    import hashlib  # not at import time: `envmgr shell` never makes uids

    digest = hashlib.sha256("\0".join((soft, *identity)).encode()).hexdigest()
    return f"{soft}-{digest[:12]}"


def now_iso() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Entry:
    """One recorded installation; ``to_json()`` is the documented JSON form."""

    __slots__ = _FIELDS

    def __init__(
        self,
        uid: str,
        soft: str,
        category: str,
        version: str,
        tags: list[str],
        source: str = "detected",
        prefix: str = "",
        paths: dict[str, list[str]] | None = None,
        env: dict[str, str] | None = None,
        attrs: dict[str, Any] | None = None,
        deps: list[str] | None = None,
        recipe: str | None = None,
        created: str = "",
        updated: str = "",
        stale: bool = False,
    ) -> None:
        self.uid = uid
        self.soft = soft
        self.category = category
        self.version = version
        self.tags = list(tags)
        self.source = source
        self.prefix = prefix
        self.paths = paths if paths is not None else {"bin": [], "lib": [], "include": []}
        self.env = env if env is not None else {}
        self.attrs = attrs if attrs is not None else {}
        self.deps = deps if deps is not None else []
        self.recipe = recipe
        self.created = created
        self.updated = updated
        self.stale = stale

    def __repr__(self) -> str:
        return f"Entry({self.uid!r}, {self.soft!r}, {self.version!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entry) and self.to_json() == other.to_json()

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(**{k: data[k] for k in _FIELDS if k in data})

    @property
    def executable(self) -> str | None:
        exe = self.attrs.get("executable")
        return exe if isinstance(exe, str) else None

    @property
    def commands(self) -> dict[str, str]:
        cmds = self.attrs.get("commands")
        return dict(cmds) if isinstance(cmds, dict) else {}

    @property
    def install_folder(self) -> str | None:
        """envmgr's own folder of an installed entry (``<home>/install/<name>-<ver>-<hash>``):
        ``attrs.install.folder``, else the prefix (entries installed before the two could
        differ), else None (not installed by envmgr). gc, uninstall, restore and verify
        use it; ``prefix`` may be a tool's store (Spack's install prefix)."""
        install = self.attrs.get("install")
        folder = install.get("folder") if isinstance(install, dict) else None
        if isinstance(folder, str) and folder:
            return folder
        return self.prefix if self.source == "installed" and self.prefix else None

    @property
    def anchor(self) -> str | None:
        """The file or dir whose presence means the installation is still there: the
        executable, or the file a file-form soft was found by (``attrs.path``)."""
        for key in ("executable", "path"):
            value = self.attrs.get(key)
            if isinstance(value, str) and value:
                return value
        return None

    def vanished(self) -> bool:
        import os

        anchor = self.anchor
        return anchor is not None and not os.path.exists(anchor)

    def label(self) -> str:
        """``llvm 16.0.6 (/usr/lib/llvm-16)``: how messages name an entry."""
        return f"{self.soft} {self.version} ({self.prefix or self.executable or self.uid})"


# field -> (what it must be, check); the checks mirror the JSON form in docs/json-formats.md
def _is_str_list(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _is_str_map(v: object, values: Any = str) -> bool:
    return isinstance(v, dict) and all(
        isinstance(k, str) and isinstance(x, values) for k, x in v.items())


_CHECKS: dict[str, tuple[str, Any]] = {
    "uid": ("a non-empty string", lambda v: isinstance(v, str) and bool(v)),
    "soft": ("a non-empty string", lambda v: isinstance(v, str) and bool(v)),
    "category": ("a string", lambda v: isinstance(v, str)),
    "version": ("a string", lambda v: isinstance(v, str)),
    "tags": ("a list of strings", _is_str_list),
    "source": ("a string", lambda v: isinstance(v, str)),
    "prefix": ("a string", lambda v: isinstance(v, str)),
    "paths": ("an object of string lists",
              lambda v: isinstance(v, dict) and all(
                  isinstance(k, str) and _is_str_list(x) for k, x in v.items())),
    "env": ("an object of strings", _is_str_map),
    "attrs": ("an object", lambda v: _is_str_map(v, object)),
    "deps": ("a list of strings", _is_str_list),
    "recipe": ("a string or null", lambda v: v is None or isinstance(v, str)),
    "created": ("a string", lambda v: isinstance(v, str)),
    "updated": ("a string", lambda v: isinstance(v, str)),
    "stale": ("true or false", lambda v: isinstance(v, bool)),
}
_JSON_KIND = {list: "array", str: "string", int: "number", float: "number", bool: "boolean",
              type(None): "null"}
_REQUIRED = ("uid", "soft", "category", "version", "tags")


def checked_entry(data: object) -> Entry:
    """The Entry of a JSON form read back from storage, checked field by field.

    Raises ValueError saying what is wrong: a hand-edited or damaged registry row must be
    reported and skipped, never turned into an entry that fails later in some other place.
    """
    if not isinstance(data, dict):
        raise ValueError(f"it is a JSON {_JSON_KIND.get(type(data), type(data).__name__)}, "
                         "not an object")
    for name in _REQUIRED:
        if name not in data:
            raise ValueError(f"'{name}' is missing")
    for name, (what, ok) in _CHECKS.items():
        if name in data and not ok(data[name]):
            raise ValueError(f"'{name}' is not {what}")
    return Entry(**{k: data[k] for k in _FIELDS if k in data})
