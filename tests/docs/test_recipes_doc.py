"""docs/recipes.md: every TOML block is a valid recipe, and the keys it documents are real."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import ROOT

from envmgr.install.recipe import load_recipe, parse_recipe, schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DOC = ROOT / "docs" / "recipes.md"
BLOCKS = re.findall(r"^```toml\n(.*?)^```$", DOC.read_text(), re.M | re.S)


def test_the_page_has_recipes():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("text", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_every_toml_block_is_a_valid_recipe(text, tmp_path):
    data = tomllib.loads(text)
    recipe = parse_recipe(data)
    path = tmp_path / f"{recipe.name}.toml"
    path.write_text(text)
    assert load_recipe(path).name == recipe.name
    # every version selects to a concrete build on this platform
    for version in recipe.version_names:
        build = recipe.select(version, platform={"os": "linux", "arch": "x86_64"})
        assert build.version == version


def test_the_whole_recipe_selects_variants_and_fills_placeholders():
    data = tomllib.loads(BLOCKS[0])
    recipe = parse_recipe(data)
    fancy = recipe.select("1.0", {"flavour": "fancy"})
    assert fancy.sources[0].url == "https://example.org/hello-1.0-fancy.tar.gz"
    plain = recipe.select("1.0")
    assert plain.sources[0].mirrors == ("https://mirror.example.org/hello/hello-1.0.tar.gz",)
    assert plain.provides.env["HELLO_SERIES"] == "1"
    assert plain.provides.env["HELLO_HOME"] == "${{ prefix }}"
    assert recipe.select("0.9").sources[0].checksum is None


def test_every_top_level_key_of_the_schema_is_documented():
    text = DOC.read_text()
    missing = [k for k in schema()["properties"] if f"`{k}`" not in text]
    assert not missing, f"docs/recipes.md does not document: {missing}"


def test_the_py_six_example_is_the_builtin_recipe():
    doc = tomllib.loads(BLOCKS[1])
    with open(ROOT / "recipes" / "python" / "py-six.toml", "rb") as f:
        builtin = tomllib.load(f)
    assert doc["versions"] == builtin["versions"]
