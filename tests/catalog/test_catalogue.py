"""The meta-test of the builtin recipe catalogue: every recipe's form and facts.

Upstream URLs cannot be reached here, so this checks what can be checked without them:
every recipe validates; every source (in every version and every conditional branch) is
https and carries exactly one checksum, or ``none-published`` with a reason; no URL has two
checksums across the catalogue; each recipe's soft is a builtin soft or the recipe says why
not; pip recipes pin a version and smoke-test an import; docs/catalogue.md is generated.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from envmgr.authoring import catalogdoc
from envmgr.install.recipe import interpolate, load_recipe

ROOT = Path(__file__).resolve().parents[2]
RECIPES = sorted((ROOT / "recipes").rglob("*.toml"))
IDS = [str(p.relative_to(ROOT / "recipes")) for p in RECIPES]
HEX = {"sha256": re.compile(r"^[0-9a-f]{64}$"), "md5": re.compile(r"^[0-9a-f]{32}$")}
NO_SOFT = "No builtin soft:"
# models and datasets are detected by the marker file their install writes, not by a soft
MARKED = {"models", "datasets"}
# plain-http URLs still on main, each with the reason; the owner of the file removes it
# URL -> why upstream offers it over plain http only (its checksum is checked all the same)
HTTP_KNOWN: dict[str, str] = {}


def _data(path: Path) -> dict[str, Any]:
    import tomllib

    with open(path, "rb") as f:
        return tomllib.load(f)


def _sources(items: list[Any]) -> list[dict[str, Any]]:
    """Every source table of a ``sources`` list, through every if/then/else branch."""
    out: list[dict[str, Any]] = []
    for item in items:
        if "if" in item:
            out += _sources(item.get("then", [])) + _sources(item.get("else", []))
        else:
            out.append(item)
    return out


def _all_sources(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(version, source) for every source of every version."""
    return [(str(v["version"]), s) for v in data["versions"]
            for s in _sources(v.get("sources", []))]


def _concrete(url: str, data: dict[str, Any], version: str) -> str:
    """The URL with ``name`` and ``version`` filled (other variables stay as written)."""
    for key, value in (("name", data["name"]), ("version", version)):
        url = re.sub(r"\$\{\{\s*" + key + r"\s*\}\}", value, url)
    return url


def _builtin_softs() -> set[str]:
    index = json.loads((ROOT / "plugins" / "_index.json").read_text())
    return {s["name"] for m in index["modules"].values() for s in m.get("softs", [])}


def test_the_catalogue_is_there():
    cats: dict[str, int] = {}
    for p in RECIPES:
        c = str(_data(p).get("category", ""))
        cats[c] = cats.get(c, 0) + 1
    assert len(RECIPES) >= 60, cats
    assert cats.get("python-package", 0) >= 30 and cats.get("libs", 0) >= 5, cats
    assert cats.get("tools", 0) >= 5, cats


@pytest.mark.parametrize("path", RECIPES, ids=IDS)
def test_every_recipe_validates_and_every_source_is_https_with_one_checksum(path):
    recipe = load_recipe(path)  # the schema and the loader's own checks
    assert recipe.name == path.stem
    data = _data(path)
    assert data.get("category"), "a recipe of the catalogue names its category"
    assert (path.parent.name == data["category"]) or (
        path.parent.name == "python" and data["category"] == "python-package"), \
        f"{path} lies outside its category's folder"
    context = {k: str(v) for k, v in (data.get("context") or {}).items()}
    for version, src in _all_sources(data):
        for url in [src["url"], *src.get("mirrors", [])]:
            url = interpolate(url, context)  # `${{ tfgs }}/...`: the host is in the context
            assert url.startswith("https://") or url in HTTP_KNOWN, \
                f"{data['name']} {version}: {url} is not https"
        kinds = [k for k in ("sha256", "md5", "checksum") if k in src]
        assert len(kinds) == 1, f"{data['name']} {version}: {src['url']} has {kinds or 'none'}"
        kind = kinds[0]
        if kind == "checksum":
            assert src["checksum"] == "none-published"
            assert len(str(src.get("reason", ""))) >= 20, \
                f"{data['name']} {version}: none-published needs a reason that says why"
        else:
            assert HEX[kind].match(src[kind]), f"{data['name']} {version}: bad {kind}"


def test_no_url_has_two_checksums_across_the_catalogue():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in RECIPES:
        data = _data(path)
        for version, src in _all_sources(data):
            value = src.get("sha256") or src.get("md5") or "none-published"
            for url in [src["url"], *src.get("mirrors", [])]:
                key = _concrete(url, data, version)
                where = f"{data['name']}@{version}"
                if key in seen and seen[key][0] != value:
                    clashes.append(f"{key}: {seen[key][1]} says {seen[key][0]}, "
                                   f"{where} says {value}")
                seen.setdefault(key, (value, where))
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize("path", RECIPES, ids=IDS)
def test_each_recipes_soft_exists_or_the_recipe_says_why_not(path):
    data = _data(path)
    if data["name"] in _builtin_softs() or data.get("category") in MARKED:
        return
    assert NO_SOFT in str(data.get("description", "")), (
        f"{data['name']} is no builtin soft: its description must say why ('{NO_SOFT} ...')")


@pytest.mark.parametrize("path", [p for p in RECIPES if _data(p)["frontend"]["name"] == "pip"],
                         ids=lambda p: p.stem)
def test_pip_recipes_pin_and_import(path):
    data = _data(path)
    assert any("python" in d.get("tags", []) for d in data.get("dependencies", [])), \
        "a pip recipe depends on a python"
    for v in data["versions"]:
        assert re.match(r"^\d+(\.\d+)*(\.post\d+)?$", str(v["version"])), \
            f"{data['name']} pins a release, not {v['version']}"
        for src in _sources(v.get("sources", [])):
            if "sha256" in src:
                assert src["url"].startswith("https://files.pythonhosted.org/packages/"), \
                    "a PyPI hash names the PyPI file it is for"
                assert str(v["version"]).split("+")[0] in src["url"]
    cmds = data.get("tests", {}).get("commands", [])
    assert cmds, "a pip recipe has a smoke test"
    text = json.dumps(cmds)
    assert "import " in text or "--version" in text, "the smoke test imports or runs it"


def test_llvm_prebuilt_releases_ck_used_are_all_there():
    data = _data(ROOT / "recipes" / "tools" / "llvm.toml")
    versions = {str(v["version"]) for v in data["versions"]}
    assert {"6.0.0", "7.0.0", "8.0.0", "9.0.0", "10.0.0", "15.0.6"} <= versions
    for version, src in _all_sources(data):
        assert f"clang+llvm-{version}-" in src["url"] and "sha256" in src


def test_docs_catalogue_is_generated_from_the_recipes():
    text = catalogdoc.render()
    assert (ROOT / "docs" / "catalogue.md").read_text() == text, (
        "docs/catalogue.md is stale: run python -m envmgr.authoring.catalogdoc")
    for path in RECIPES:
        assert f"| `{path.stem}` |" in text


def test_catalogdoc_check_fails_on_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "catalogue.md"
    stale.write_text("old\n")
    monkeypatch.setattr(catalogdoc, "docs_path", lambda: stale)
    assert catalogdoc.main(["--check"]) == 1
    assert catalogdoc.main([]) == 0 and catalogdoc.main(["--check"]) == 0
    assert stale.read_text() == catalogdoc.render()


def test_no_soft_takes_the_name_of_a_language_or_compiler_it_is_not():
    """A tool tagged `python` (pip) or `llvm` (clang-format) would answer
    `--tags=python` or `--tags=llvm,v15` in place of the interpreter or compiler: tags
    that name another soft are for implementations of it (openblas is a blas), never for
    tools around a language."""
    from envmgr.catalog.builtin import load_index

    softs = [s for meta in load_index()["modules"].values() for s in meta["softs"]]
    names = {n: s for s in softs for n in (s["name"], *s.get("aliases", []))}
    wrong = [(s["name"], t) for s in softs for t in s.get("tags", [])
             if t in names and names[t]["name"] != s["name"]
             and names[t]["category"] in ("lang", "compiler", "cuda")
             and s["category"] not in ("lang", "compiler", "cuda")]  # mono is a .NET
    assert not wrong, wrong
