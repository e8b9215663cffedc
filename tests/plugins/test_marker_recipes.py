"""Each model and dataset recipe's install is found again by its soft (marker files).

For every recipe in recipes/models and recipes/datasets, every version, the default variants
and each variant value changed one at a time: the files its smoke test names (``test -s
FILE``, ``test -d DIR``), plus the other names its archive holds that the soft looks for
(``ARCHIVE_FILES``), are laid out in a dir named like an envmgr install prefix, and the
builtin soft of the recipe's name, searching that layout alone, must find it with the
recipe's version. Builds that only hold generic names (``model.tflite``) are skipped by
``_undetected``, which says why.
"""

from __future__ import annotations

import importlib
import itertools
from pathlib import Path
from typing import Any

import pytest

from envmgr.authoring.cases import replay
from envmgr.catalog import builtin as catalog
from envmgr.install.recipe import load_recipe

ROOT = Path(__file__).resolve().parents[2]
RECIPES = sorted([*(ROOT / "recipes/models").glob("*.toml"),
                  *(ROOT / "recipes/datasets").glob("*.toml")])

# names in the archive beside what the smoke test checks, which the soft's markers need
ARCHIVE_FILES: dict[str, list[str]] = {
    # cifar-10-python.tar.gz: data_batch_1..5, test_batch (torchvision's cifar.py)
    "dataset-cifar10": ["cifar-10-batches-py/data_batch_5",
                        "cifar-10-batches-bin/data_batch_5.bin"],
    "dataset-cifar100": ["cifar-100-python/train", "cifar-100-binary/train.bin"],
    "dataset-imagenet-aux": ["synsets.txt"],
    # data_object_label_2.zip: training/label_2/000000.txt ... 007480.txt
    "dataset-kitti": ["training/label_2/000000.txt", "training/label_2/007480.txt"],
}
def _undetected(name: str, variants: dict[str, str]) -> str | None:
    """Why the build of ``name`` with ``variants`` cannot be told by its file names."""
    if name == "model-mobilenet":
        if variants.get("version") == "v3":
            return "the v3 archives hold generic names (model.tflite)"
        if variants.get("version") == "v2" and variants.get("precision") == "int8":
            return "the quantized v2 archives hold generic names"
    return None


def _softs() -> dict[str, Any]:
    out = {}
    for meta in catalog.load_index()["modules"].values():
        module = importlib.import_module(meta["module"])
        out.update({s.name: s for s in catalog.module_softs(module)})
    return out


def _builds(path: Path) -> list[tuple[str, dict[str, str]]]:
    recipe = load_recipe(path)
    default = recipe.default_variants()
    choices = [{}] + [{k: v} for k, var in recipe.variants.items() for v in var.values
                      if v != default.get(k)]
    return [(version, {**default, **c}) for version, c in
            itertools.product(recipe.version_names, choices)]


CASES = [pytest.param(p, version, variants,
                      id=f"{p.stem}@{version}[{','.join(f'{k}={v}' for k, v in variants.items())}]")
         for p in RECIPES for version, variants in _builds(p)]


@pytest.mark.parametrize("path, version, variants", CASES)
def test_an_install_is_found_again_by_its_soft(path, version, variants, tmp_path):
    recipe = load_recipe(path)
    build = recipe.select(version, variants)
    if not build.sources:
        entry = recipe.get_version(version)
        pytest.skip("no source: a copy is registered, not installed" if entry and
                    not entry.sources else "upstream publishes no such build")
    why = _undetected(recipe.name, variants)
    if why:
        pytest.skip(why)
    soft = _softs().get(recipe.name)
    assert soft is not None, f"no builtin soft {recipe.name} finds what {path.name} installs"
    prefix = f"install/{recipe.name}-{version}-0123456789ab"
    layout: dict[str, Any] = {}
    for cmd in build.test_commands:
        if cmd[:2] == ("test", "-s"):
            layout[f"{prefix}/{cmd[2]}"] = {"text": ""}
        elif cmd[:2] == ("test", "-d"):
            layout[f"{prefix}/{cmd[2]}/.keep"] = {"text": ""}
    assert layout, f"{path.name}'s smoke test names no file"
    for name in ARCHIVE_FILES.get(recipe.name, ()):
        layout[f"{prefix}/{name}"] = {"text": ""}
    found = replay({"layout": layout}, tmp_path, soft)
    assert [(f.version, Path(f.prefix).relative_to(tmp_path).as_posix()) for f in found] == \
        [(version, prefix)], f"{soft.name} did not find {sorted(layout)} as {version}"
