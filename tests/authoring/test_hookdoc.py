"""The hook reference: every hook documented, and docs/hooks.md generated from the specs."""

from __future__ import annotations

import inspect

import pytest

from envmgr.authoring import hookdoc
from envmgr.plugin import hookspecs

DOC = hookdoc.docs_path()


@pytest.mark.parametrize("name", hookspecs.HOOK_NAMES)
def test_every_hook_is_documented(name):
    spec = getattr(hookspecs, name)
    doc = inspect.getdoc(spec) or ""
    assert doc.strip(), f"{name} has no docstring"
    assert "Fires" in doc, f"{name}'s docstring does not say when it fires"
    sig = inspect.signature(spec)
    for arg in sig.parameters:
        assert f":param {arg}:" in doc, f"{name} does not document its argument {arg!r}"
    if sig.return_annotation not in ("None", inspect.Signature.empty):
        assert ":return:" in doc, f"{name} does not say what it returns"


@pytest.mark.parametrize("name", hookspecs.HOOK_NAMES)
def test_the_docs_show_each_exact_signature(name):
    assert f"def {hookdoc.signature(name)}\n" in DOC.read_text(), (
        f"docs/hooks.md lacks or misstates {name}; regenerate it: python -m envmgr.hookdoc")


def test_docs_hooks_md_is_current():
    assert DOC.read_text() == hookdoc.render(), (
        "docs/hooks.md is stale; regenerate it: python -m envmgr.hookdoc")
    assert hookdoc.main(["--check"]) == 0
