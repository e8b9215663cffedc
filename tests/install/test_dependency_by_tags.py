"""A dependency given by tags alone (`compiler, lang-c`), where no tag names a soft, is
detected through the builtin softs that carry those tags: on a fresh home, with nothing
recorded, `install --dry-run` plans a detection of the machine's C compiler instead of
failing with "nothing has tags compiler,lang-c"."""

from __future__ import annotations

import shutil

import pytest
from test_install_spack import stand_in  # noqa: F401 - the stand-in Spack fixture

HAVE_CC = bool(shutil.which("gcc") or shutil.which("clang"))

RECIPE = """schema_version = 1
name = "needs-cc"
summary = "a recipe that needs a C compiler"
category = "tools"

[[versions]]
version = "1.0"
[[versions.sources]]
url = "https://example.org/needs-cc-1.0.tar.gz"
checksum = "none-published"
reason = "a test recipe whose file is never fetched: only planned"

[[dependencies]]
tags = [{tags}]
kind = "build"

[frontend]
name = "download"
"""


def _recipe(tmp_path, tags: str) -> dict[str, str]:
    folder = tmp_path / "recipes"
    folder.mkdir(exist_ok=True)
    (folder / "needs-cc.toml").write_text(RECIPE.format(tags=tags))
    return {"ENVMGR_RECIPE_PATH": str(folder)}


@pytest.mark.skipif(not HAVE_CC, reason="no gcc or clang on PATH")
def test_tags_naming_no_soft_detect_the_softs_that_carry_them(cli, home, tmp_path):
    r = cli("install", "needs-cc", "--dry-run", env=_recipe(tmp_path, '"compiler", "lang-c"'))
    assert r.rc == 0, r.err
    assert "install needs-cc@1.0 with download" in r.out
    assert "detect gcc@" in r.out or "detect llvm@" in r.out, r.out


def test_tags_no_soft_carries_still_name_what_is_missing(cli, home, tmp_path):
    r = cli("install", "needs-cc", "--dry-run",
            env=_recipe(tmp_path, '"compiler", "lang-nonesuch"'))
    assert r.rc != 0
    assert "nothing has tags compiler,lang-nonesuch" in r.err and "Traceback" not in r.err


@pytest.mark.skipif(not HAVE_CC, reason="no gcc or clang on PATH")
def test_a_catalogue_library_plans_through_the_stand_in_spack(cli, home, stand_in):  # noqa: F811
    path, _log = stand_in
    env = {"PATH": path}
    assert cli("detect", "spack", env=env).rc == 0
    r = cli("install", "zstd@1.5.7", "--dry-run", env=env)
    assert r.rc == 0, r.err
    assert "install zstd@1.5.7 with spack" in r.out and "reuse spack@1.1.0" in r.out
    assert "detect gcc@" in r.out or "detect llvm@" in r.out, r.out
