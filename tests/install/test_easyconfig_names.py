"""`envmgr install NAME@VERSION --frontend easybuild` on a recipe whose own front-end is
Spack takes the easyconfig the recipe names for that version (`easyconfigs = {...}` in its
settings), not a guessed `NAME-VERSION.eb` that exists nowhere."""

from __future__ import annotations

from pathlib import Path

from envmgr.install.recipe import load_recipe
from plugins.frontends.easybuild import EasyBuildFrontend

ROOT = Path(__file__).resolve().parents[2]


def _notes(path: Path, version: str) -> list[str]:
    build = load_recipe(path).select(version)
    return EasyBuildFrontend().plan_notes(build)


def test_the_easyconfig_named_for_a_version_is_the_one_eb_builds():
    zstd = ROOT / "recipes" / "libs" / "zstd.toml"
    assert _notes(zstd, "1.5.7") == ["eb zstd-1.5.7-GCCcore-15.2.0.eb --robot"]
    liblzma = ROOT / "recipes" / "libs" / "liblzma.toml"
    assert _notes(liblzma, "5.8.2") == ["eb XZ-5.8.2-GCCcore-15.2.0.eb --robot"]


def test_a_version_without_a_named_easyconfig_keeps_the_default():
    liblzma = ROOT / "recipes" / "libs" / "liblzma.toml"
    assert _notes(liblzma, "5.8.3") == ["eb liblzma-5.8.3.eb --robot"]
