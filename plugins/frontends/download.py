"""The ``download`` front-end: fetch each source (mirrors first, checked) and unpack it.

Each source of the build is fetched through the shared download cache (mirrors from
``--mirror`` first, then upstream and the recipe's own mirrors), then extracted safely
into staging (``destination``, ``strip_components``) or, for a file that is not an
archive (or has ``extract = false``), copied in under its ``filename``.

Settings (``[frontend.settings]``):

- ``executable = ["bin/tool"]``: files made executable after placing them.
- ``env = { NAME = "value" }``: environment variables the entry exports, like
  ``provides.env`` but settable per variant through ``frontend.select`` (which
  ``provides`` cannot be); ``${{ prefix }}`` is filled in. They win over ``provides.env``.
- ``unavailable = "why, and what to do instead"``: the soft cannot be downloaded by
  anyone (a gated dataset, say); the install stops with this text before any download,
  so the recipe serves to name the soft and how to register a copy (``envmgr detect``).

A source without a published checksum needs ``--no-checksum``; the sha256 seen is then
recorded in the entry (``attrs.fetched``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envmgr.install.frontend import BuildContext, Frontend, Provided
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.install.recipe import Build
    from envmgr.plugin.collectors import Frontends

__all__ = ["DownloadFrontend", "envmgr_register_frontends"]


class DownloadFrontend(Frontend):
    """Checked downloads, unpacked safely."""

    name = "download"

    def plan_notes(self, build: Build) -> list[str]:
        """Why this build cannot be downloaded, or what it needs (``--no-checksum``)."""
        why = _refusal(build)
        if why:
            return [f"cannot be installed: {why}"]
        if any(src.checksum is None for src in build.sources):
            return ["a source has no published checksum: installing it needs --no-checksum"]
        return []

    def install(self, build: Build, staging: Path, context: BuildContext) -> Provided:
        from envmgr.errors import UsageError
        from envmgr.install.fetch.download import fetch
        from envmgr.install.fetch.extract import archive_kind, extract
        from envmgr.install.fetch.stream import fetch_extracting

        why = _refusal(build)
        if why:
            # before any fetch: a download that must fail is never started
            from envmgr.install.errors import InstallError

            raise InstallError(f"cannot install {build.name}@{build.version}: {why}")
        fetched = []
        for i, src in enumerate(build.sources):
            kw: dict[str, Any] = {"mirrors": context.mirrors, "offline": context.offline,
                                  "allow_unchecked": context.allow_unchecked}
            dest = staging / src.destination if src.destination else staging
            tmp = staging / f".envmgr-extract-{i}"
            done = False
            if src.extract and archive_kind(src.filename) == "tar":
                # unpacked while it downloads; kept only if it came from the verified bytes
                got, done = fetch_extracting(src, context.cache, tmp, name=build.name,
                                             fetch_kw=kw, progress=context.progress,
                                             limits=context.limits)
            else:
                got = fetch(src, context.cache, name=build.name, progress=context.progress,
                            limits=context.limits, **kw)
            if src.extract:
                if not done:
                    extract(got.path, tmp, strip_components=src.strip_components,
                            label=src.filename, limits=context.limits,
                            unpacked_size=src.unpacked_size)
                _merge(tmp, dest)
            else:
                dest.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(got.path, dest / src.filename)
            fetched.append({"url": got.url or src.url, "sha256": got.sha256, "size": got.size,
                            "checked": src.checksum is not None})
        for rel in build.settings.get("executable", ()):
            path = staging / str(rel)
            if not path.is_file() or ".." in Path(str(rel)).parts or os.path.isabs(str(rel)):
                raise UsageError(f"recipe {build.name}: frontend.settings.executable names "
                                 f"{rel}, which the download did not make")
            path.chmod(path.stat().st_mode | 0o755)
        env = build.settings.get("env") or {}
        if not isinstance(env, Mapping):
            raise UsageError(f"recipe {build.name}: frontend.settings.env must be a table of "
                             "variable = \"value\"")
        return Provided(env={str(k): str(v) for k, v in env.items()},
                        attrs={"fetched": fetched})


def _refusal(build: Build) -> str | None:
    """Why nothing can be downloaded for ``build``: the recipe's ``unavailable`` text, or
    no source for the variants chosen (a combination upstream never published)."""
    unavailable = build.settings.get("unavailable")
    if unavailable:
        return str(unavailable)
    if not build.sources:
        chosen = ", ".join(f"{k}={v}" for k, v in sorted(build.variants.items())) or "defaults"
        return (f"the recipe has no source for {chosen}: upstream never published that "
                "combination (`envmgr search " + build.name + "` lists the variants)")
    return None


def _merge(src: Path, dest: Path) -> None:
    """Move what ``src`` holds into ``dest`` (renames; no copies), then remove ``src``."""
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.rename(src, dest)
        return
    for child in sorted(src.iterdir()):
        target = dest / child.name
        if target.is_dir() and child.is_dir() and not child.is_symlink():
            _merge(child, target)
        else:
            if target.exists() or target.is_symlink():
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                else:
                    target.unlink()
            os.rename(child, target)
    src.rmdir()


@hookimpl
def envmgr_register_frontends(frontends: Frontends) -> None:
    """Add the download front-end."""
    frontends.add("download", DownloadFrontend())
