"""The resolver: reuse vs detect vs install, bounds for existing entries, cycles, conflicts."""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass, field
from typing import Any

import pytest

import envmgr.install.resolver as resolver_mod
from envmgr.install.errors import (
    ConflictError,
    CycleError,
    NoVersionError,
    ResolveError,
    UnknownRecipeError,
)
from envmgr.install.recipe import Recipe, parse_recipe
from envmgr.install.resolver import Query, Request, resolve
from envmgr.store.entry import Entry


def recipe(name: str, versions: list[str], deps: list[dict[str, Any]] | None = None,
           tags: list[str] | None = None, **extra: Any) -> Recipe:
    data: dict[str, Any] = {
        "schema_version": 1, "name": name, "summary": name, "tags": tags or [name],
        "frontend": {"name": "download"},
        "versions": [
            {"version": v, "sources": [{"url": f"https://example.org/{name}-{v}.tgz",
                                        "sha256": f"{abs(hash((name, v))):064x}"[-64:]}]}
            for v in versions
        ],
        "dependencies": deps or [],
    }
    data.update(extra)
    return parse_recipe(data)


@dataclass
class Found:
    soft: str
    version: str
    tags: list[str] = field(default_factory=list)
    path: str = ""


def entry(uid: str, soft: str, version: str, tags: list[str] | None = None,
          **kw: Any) -> Entry:
    return Entry(uid=uid, soft=soft, category="x", version=version,
                 tags=tags or [soft, f"v{version}"], **kw)


def book(*recipes: Recipe) -> dict[str, Recipe]:
    return {r.name: r for r in recipes}


def test_install_with_dependencies_in_order_and_a_dag():
    rs = book(
        recipe("app", ["1.0"], [{"tags": ["lib"]}, {"tags": ["tool"]}]),
        recipe("tool", ["2.0"], [{"tags": ["lib"], "version": ">=1.1"}]),
        recipe("lib", ["1.0", "1.2", "2.0rc1"]),
    )
    plan = resolve([Request("app")], rs, home="/h")
    assert list(plan.steps) == ["lib@1.2", "tool@2.0", "app@1.0"]  # deps first; no rc
    app = plan.steps["app@1.0"]
    assert app.action == "install" and app.deps == ("lib@1.2", "tool@2.0")
    assert app.target is not None and app.target.startswith("/h/install/app-1.0-")
    assert plan.steps["tool@2.0"].chain == ("app", "app@1.0")
    assert plan.roots == ("app@1.0",)
    tree = plan.tree()
    assert "install app@1.0 with download into /h/install/app-1.0-" in tree
    assert "(see above)" in tree and "https://example.org/lib-1.2.tgz sha256:" in tree
    assert plan.to_json()["steps"][0]["sources"][0]["url"] == "https://example.org/lib-1.2.tgz"


def test_existing_entry_is_reused_then_detection_then_install():
    rs = book(recipe("app", ["1.0"], [{"tags": ["python"], "version": ">=3.9"}]),
              recipe("python", ["3.12.1"]))
    entries = [entry("u-py311", "python", "3.11.7")]
    found = {"python": [Found("python", "3.10.4", ["python"], "/usr/bin/python3")]}
    plan = resolve([Request("app")], rs, entries, found)
    assert plan.steps["reuse:u-py311"].action == "reuse"
    assert plan.steps["app@1.0"].deps == ("reuse:u-py311",)

    plan = resolve([Request("app")], rs, [], found)
    step = plan.steps["detect:python@3.10.4"]
    assert step.action == "detect" and step.found.path == "/usr/bin/python3"
    assert "detect python@3.10.4 (/usr/bin/python3)" in plan.tree()

    plan = resolve([Request("app")], rs, [], {})
    assert plan.steps["python@3.12.1"].action == "install"


def test_bounds_are_honoured_for_existing_entries_and_detections():
    rs = book(recipe("app", ["1.0"], [{"tags": ["python"], "version": ">=3.9,<3.12"}]),
              recipe("python", ["3.11.9", "3.12.1"]))
    entries = [entry("old", "python", "3.8.10"), entry("new", "python", "3.12.0")]
    found = {"python": [Found("python", "3.13.0", ["python"])]}
    plan = resolve([Request("app")], rs, entries, found)
    # neither entry, nor the detection, fits: the recipe's 3.11.9 is installed
    assert plan.steps["app@1.0"].deps == ("python@3.11.9",)
    assert plan.steps["python@3.11.9"].action == "install"
    # a top-level request's bound counts as much
    plan = resolve([Request("python", version=">=3.9,<3.12")], rs, entries)
    assert plan.roots == ("python@3.11.9",)
    plan = resolve([Request.parse("python@3.8")], rs, entries)
    assert plan.roots == ("reuse:old",)


def test_the_best_matching_entry_wins_and_tags_with_versions_match():
    entries = [entry("a", "python", "3.10.1"), entry("b", "python", "3.11.2"),
               entry("c", "python", "3.11.9")]
    plan = resolve([Request(tags=("python", "v3.11"))], {}, entries)
    assert plan.roots == ("reuse:c",)
    plan = resolve([Request(tags=("python", "v3.10"))], {}, entries)
    assert plan.roots == ("reuse:a",)


def test_variants_asked_for_match_only_entries_that_record_them():
    r = recipe("torch", ["2.3.0"], variants={"cuda": {"values": ["none", "12"],
                                                      "default": "none"}})
    entries = [entry("cpu", "torch", "2.3.0", attrs={"variants": {"cuda": "none"}})]
    assert resolve([Request("torch")], book(r), entries).roots == ("reuse:cpu",)
    plan = resolve([Request("torch", variants={"cuda": "12"})], book(r), entries)
    step = plan.steps[plan.roots[0]]
    assert step.action == "install" and dict(step.variants) == {"cuda": "12"}
    with pytest.raises(ResolveError, match="'rocm' is not a value of variant cuda"):
        resolve([Request("torch", variants={"cuda": "rocm"})], book(r), entries)


def test_fresh_installs_even_when_an_entry_would_do():
    rs = book(recipe("zlib", ["1.3.1"]))
    plan = resolve([Request("zlib", fresh=True)], rs, [entry("z", "zlib", "1.3.1")])
    assert plan.steps[plan.roots[0]].action == "install"


def test_a_cycle_is_reported_with_the_loop():
    rs = book(recipe("a", ["1"], [{"tags": ["b"]}]), recipe("b", ["1"], [{"tags": ["c"]}]),
              recipe("c", ["1"], [{"tags": ["a"]}]))
    with pytest.raises(CycleError) as err:
        resolve([Request("a")], rs)
    assert "dependency cycle: a@1 -> b@1 -> c@1 -> a@1" in str(err.value)
    # the same loop is no cycle when an entry already satisfies one link
    plan = resolve([Request("a")], rs, [entry("have-a", "a", "1")])
    assert plan.roots == ("reuse:have-a",)
    plan = resolve([Request("b")], rs, [entry("have-a", "a", "1")])
    assert plan.steps["c@1"].deps == ("reuse:have-a",)


def test_a_self_dependency_is_a_cycle():
    with pytest.raises(CycleError, match="a@1 -> a@1"):
        resolve([Request("a")], book(recipe("a", ["1"], [{"tags": ["a"]}])))


def test_conflicting_bounds_report_both_chains():
    rs = book(
        recipe("app", ["1.0"], [{"tags": ["left"]}, {"tags": ["right"]}]),
        recipe("left", ["1.0"], [{"tags": ["lib"], "version": ">=2"}]),
        recipe("right", ["1.0"], [{"tags": ["lib"], "version": "<2"}]),
        recipe("lib", ["1.5", "2.1"]),
    )
    with pytest.raises(ConflictError) as err:
        resolve([Request("app")], rs)
    text = str(err.value)
    assert "conflict on lib" in text
    assert "app -> app@1.0 -> left@1.0 chose lib@2.1 (>=2)" in text
    assert "app -> app@1.0 -> right@1.0 needs lib<2" in text
    assert "there are 2.1, 1.5" in text
    assert err.value.chain == ("app", "app@1.0", "right@1.0")


def test_bounds_that_can_meet_are_settled_by_a_second_pass():
    rs = book(
        recipe("app", ["1.0"], [{"tags": ["left"]}, {"tags": ["right"]}]),
        recipe("left", ["1.0"], [{"tags": ["lib"], "version": ">=1"}]),
        recipe("right", ["1.0"], [{"tags": ["lib"], "version": "<2"}]),
        recipe("lib", ["1.5", "2.1"]),
    )
    plan = resolve([Request("app")], rs)
    assert "lib@1.5" in plan.steps and "lib@2.1" not in plan.steps
    assert plan.steps["left@1.0"].deps == plan.steps["right@1.0"].deps == ("lib@1.5",)


def test_conflict_between_an_entry_and_a_bound_settles_on_the_recipe():
    rs = book(recipe("app", ["1.0"], [{"tags": ["py"]}, {"tags": ["tool"]}]),
              recipe("tool", ["1.0"], [{"tags": ["py"], "version": ">=3.12"}]),
              recipe("py", ["3.12.3"]))
    plan = resolve([Request("app")], rs, [entry("old-py", "py", "3.11.0")])
    assert "reuse:old-py" not in plan.steps
    assert plan.steps["app@1.0"].deps == ("py@3.12.3", "tool@1.0")


def test_unknown_recipe_gets_did_you_mean():
    rs = book(recipe("zlib", ["1.3.1"]), recipe("cmake", ["3.27.0"]))
    with pytest.raises(UnknownRecipeError) as err:
        resolve([Request("zlb")], rs)
    assert "'zlb'" in str(err.value) and err.value.suggestion == "did you mean zlib?"
    assert err.value.exit_code == 3
    with pytest.raises(UnknownRecipeError, match="search"):
        resolve([Request("qqqqqq")], rs)
    with pytest.raises(UnknownRecipeError, match="did you mean tag cmake"):
        resolve([Request(tags=("cmak",))], rs)


def test_an_unknown_dependency_names_its_chain():
    rs = book(recipe("app", ["1"], [{"tags": ["nothing-has-this"]}]))
    with pytest.raises(UnknownRecipeError, match=r"needed by app -> app@1"):
        resolve([Request("app")], rs)


def test_no_version_satisfies_lists_the_versions_there_are():
    rs = book(recipe("cmake", ["3.20.0", "3.27.9", "3.28.1"]))
    with pytest.raises(NoVersionError) as err:
        resolve([Request("cmake", version=">=4")], rs)
    assert "no version of cmake satisfies >=4; there are 3.28.1, 3.27.9, 3.20.0" in str(err.value)


def test_ambiguous_tags_are_an_error_unless_a_name_is_among_them():
    rs = book(recipe("gcc", ["13.2.0"], tags=["compiler", "c"]),
              recipe("clang", ["17.0.6"], tags=["compiler", "c"]))
    with pytest.raises(ResolveError, match="match several recipes: clang, gcc"):
        resolve([Request(tags=("compiler",))], rs)
    assert resolve([Request(tags=("compiler", "gcc"))], rs).roots == ("gcc@13.2.0",)


def test_detection_callable_gets_queries_and_is_filtered():
    asked: list[Query] = []

    def detect(q: Query) -> list[Found]:
        asked.append(q)
        return [Found("cmake", "3.16.3", ["cmake"]), Found("cmake", "3.28.0", ["cmake"])]

    rs = book(recipe("app", ["1"], [{"tags": ["cmake"], "version": "<3.20"}]))
    plan = resolve([Request("app")], rs, [], detect)
    assert plan.steps["app@1"].deps == ("detect:cmake@3.16.3",)
    assert Query(None, ("cmake",)) in asked


def test_deprecated_versions_come_last_and_the_hash_follows_inputs():
    rs = book(recipe("lib", ["1.0", "2.0"]))
    r2 = parse_recipe({**_raw(rs["lib"]), "versions": [
        {"version": "1.0", "sources": [{"url": "https://e/1.tgz", "sha256": "1" * 64}]},
        {"version": "2.0", "deprecated": True,
         "sources": [{"url": "https://e/2.tgz", "sha256": "2" * 64}]}]})
    assert resolve([Request("lib")], {"lib": r2}).roots == ("lib@1.0",)
    a = resolve([Request("lib")], rs).steps["lib@2.0"].hash
    b = resolve([Request("lib")], rs).steps["lib@2.0"].hash
    c = resolve([Request("lib", frontend="spack")], rs).steps["lib@2.0"]
    assert a == b and c.hash != a and c.frontend == "spack"


def _raw(r: Recipe) -> dict[str, Any]:
    return {"schema_version": 1, "name": r.name, "summary": r.summary,
            "frontend": {"name": r.frontend.name}}


def test_the_resolver_module_does_no_io():
    # pure: no open(), no subprocess/os/socket/requests imports, no hook calls
    tree = ast.parse(inspect.getsource(resolver_mod))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    imported = {a.name.split(".")[0] for n in ast.walk(tree)
                if isinstance(n, (ast.Import, ast.ImportFrom))
                for a in (n.names if isinstance(n, ast.Import) else [ast.alias(n.module or "")])}
    assert "open" not in names
    assert not imported & {"os", "subprocess", "socket", "requests", "shutil", "pluggy"}
    assert "hook" not in inspect.getsource(resolver_mod).replace("no hook calls", "")


def _model() -> Recipe:
    return recipe("model-net", ["2018.08.02"], tags=["model", "net"], variants={
        "version": {"values": ["v1", "v2"], "default": "v1"},
        "format": {"values": ["tflite", "onnx"], "default": "tflite"},
        "opset": {"values": ["8", "11"], "default": "11"},
        "alt": {"values": ["11", "x"], "default": "x"}})


def test_tags_that_are_variant_values_choose_those_variants():
    rs = book(_model())
    plan = resolve([Request(tags=("model", "net", "v2", "onnx"))], rs)
    step = plan.steps[plan.roots[0]]
    assert step.action == "install"
    assert (step.variants["version"], step.variants["format"]) == ("v2", "onnx")
    # a tag no variant has, or two values of one variant, matches nothing
    with pytest.raises(UnknownRecipeError, match="nothing has tags"):
        resolve([Request(tags=("model", "net", "pytorch"))], rs)
    with pytest.raises(UnknownRecipeError):
        resolve([Request(tags=("model", "net", "v1", "v2"))], rs)
    # '11' is a value of two variants: ambiguous, so it chooses nothing
    with pytest.raises(UnknownRecipeError):
        resolve([Request(tags=("model", "net", "11"))], rs)
    # a tag and a --variant that disagree are refused, naming both
    with pytest.raises(ResolveError, match="tag onnx asks for format=onnx"):
        resolve([Request(tags=("model", "net", "onnx"), variants={"format": "tflite"})], rs)


def test_variant_tags_pick_the_entry_built_that_way():
    rs = book(_model())
    entries = [entry("t", "model-net", "2018.08.02", ["model", "net", "model-net"],
                     attrs={"variants": {"version": "v1", "format": "tflite"}}),
               entry("o", "model-net", "2018.08.02", ["model", "net", "model-net"],
                     attrs={"variants": {"version": "v1", "format": "onnx"}})]
    assert resolve([Request(tags=("model", "net", "onnx"))], rs, entries).roots == ("reuse:o",)
    assert resolve([Request(tags=("net", "tflite"))], rs, entries).roots == ("reuse:t",)
    plan = resolve([Request(tags=("model", "net", "v2"))], rs, entries)
    assert plan.steps[plan.roots[0]].action == "install"


def test_a_variant_called_version_is_the_variant_in_conditions_not_the_release():
    r = recipe("model-net", ["2018.08.02"], tags=["model", "net"],
               variants={"version": {"values": ["v1", "v2"], "default": "v1"}},
               provides={"env": {"NET": "${{ name }}-${{ variant.version }}-${{ version }}"}})
    data_v2 = r.select("2018.08.02", {"version": "v2"})
    assert data_v2.provides.env["NET"] == "model-net-v2-2018.08.02"
    for bad in ("name", "os", "arch", "prefix"):
        with pytest.raises(Exception, match=f"may not be called '{bad}'"):
            recipe("x", ["1.0"], variants={bad: {"values": ["a"], "default": "a"}})
