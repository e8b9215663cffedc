"""The import-linter contracts cover the whole host, and docs/architecture.md describes them.

lint-imports (run by .ci/run) checks the imports against the contracts; these tests check
the contracts themselves: a new sub-package or top-level module must be placed in a layer
(or declared an outsider), and every deliberate exception must say why.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

PYPROJECT = ROOT / "pyproject.toml"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
# outside the layers: the package's public face, ``python -m envmgr``, the public shims
OUTSIDERS = {"envmgr", "envmgr.__main__", "envmgr.soft", "envmgr.testing"}


def _contracts() -> dict[str, dict]:
    with open(PYPROJECT, "rb") as f:
        config = tomllib.load(f)["tool"]["importlinter"]
    return {c["id"]: c for c in config["contracts"]}


def _layer_modules() -> list[str]:
    names = []
    for layer in _contracts()["layers"]["layers"]:
        names += [m.strip().strip("()") for m in re.split(r"[|:]", layer)]
    return names


def _host_modules() -> set[str]:
    """Every sub-package and top-level module of envmgr, as it is on disk."""
    found = {"envmgr"}
    for path in (ROOT / "envmgr").iterdir():
        if path.is_dir() and (path / "__init__.py").exists():
            found.add(f"envmgr.{path.name}")
        elif path.suffix == ".py" and path.name != "__init__.py":
            found.add(f"envmgr.{path.stem}")
    return found


def test_every_part_of_the_host_is_in_a_layer():
    placed = set(_layer_modules())
    unplaced = sorted(_host_modules() - placed - OUTSIDERS)
    assert not unplaced, (f"not in the layers contract of pyproject.toml: {unplaced}; put each "
                          "in its layer and describe it in docs/architecture.md")


def test_the_shims_are_protected_from_the_whole_host():
    contract = _contracts()["shims"]
    assert contract["type"] == "protected" and contract["allowed_importers"] == []
    assert set(contract["protected_modules"]) == {"envmgr.soft", "envmgr.testing"}


def test_every_ignored_import_says_why():
    lines = PYPROJECT.read_text().splitlines()
    for rule in _contracts()["layers"].get("ignore_imports", []):
        [i] = [n for n, ln in enumerate(lines) if ln.strip() == f'"{rule}",']
        assert lines[i - 1].strip().startswith("#"), f"pyproject.toml: say why '{rule}' is allowed"
        assert f"`{rule}`" in ARCHITECTURE.read_text(), f"docs/architecture.md: list '{rule}'"


@pytest.mark.parametrize("module", _layer_modules())
def test_each_layer_is_described_in_docs(module):
    assert f"`{module}`" in ARCHITECTURE.read_text(), f"docs/architecture.md: describe {module}"


def test_the_distribution_is_not_the_unrelated_envmgr():
    """'envmgr' on PyPI is another project (2012): our distribution has a name of its own,
    and the example plugin and the docs depend on that one."""
    with open(PYPROJECT, "rb") as f:
        project = tomllib.load(f)["project"]
    name = project["name"]
    assert re.sub(r"[-_.]+", "-", name).lower() != "envmgr"
    assert "scripts" not in project  # bin/envmgr is the command (it says why)
    with open(ROOT / "examples" / "envmgr-plugin-example" / "pyproject.toml", "rb") as f:
        example = tomllib.load(f)["project"]
    assert any(re.match(rf"{re.escape(name)}\b", d) for d in example["dependencies"])
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md"),
                 *(ROOT / "examples").rglob("*.md")]:
        text = " ".join(path.read_text().split())
        assert not re.search(r'"envmgr\s*[<>=~!]', text), f"{path}: depends on another envmgr"
        assert not re.search(r"pip install envmgr(?![-\w])(?!` does not)", text), (
            f"{path}: 'pip install envmgr' installs an unrelated project")


def _named_in_architecture() -> set[str]:
    return set(re.findall(r"`(envmgr(?:\.[A-Za-z_][A-Za-z0-9_]*)+)`", ARCHITECTURE.read_text()))


def test_every_sub_package_is_named_in_architecture_md():
    """docs/architecture.md says where everything is: each sub-package of envmgr/ is named
    there as `envmgr.NAME`."""
    packages = {m for m in _host_modules() if (ROOT / Path(*m.split("."))).is_dir()}
    unnamed = sorted(packages - _named_in_architecture() - OUTSIDERS)
    assert not unnamed, f"docs/architecture.md does not name: {unnamed}"


def test_nothing_named_in_architecture_md_is_missing():
    """Every `envmgr.X.Y` the page names exists: a module, a package, or a name one of them
    defines (`envmgr.detect.soft`, `envmgr.plugin.hookspecs`)."""
    missing = []
    for name in sorted(_named_in_architecture() - {"envmgr.toml", "envmgr.lock"}):  # files
        parts = name.split(".")
        path = ROOT / Path(*parts)
        if path.is_dir() or path.with_suffix(".py").exists():
            continue
        owner = ROOT / Path(*parts[:-1])
        source = owner.with_suffix(".py") if owner.with_suffix(".py").exists() else (
            owner / "__init__.py")
        # a class, function or public name the module defines (or lists in __all__)
        if source.exists() and re.search(rf"\b{parts[-1]}\b", source.read_text()):
            continue
        missing.append(name)
    assert not missing, f"docs/architecture.md names what does not exist: {missing}"
