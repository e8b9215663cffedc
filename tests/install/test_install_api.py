"""Envmgr.install / uninstall from Python, against a real loopback server."""

from __future__ import annotations

import pytest
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture
from test_install_transaction import HELLO_TGZ, write_recipe

from envmgr import Envmgr
from envmgr.errors import UsageError
from envmgr.install.resolver import Plan


def test_install_and_uninstall_from_python(home, server, tmp_path, monkeypatch):
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    write_recipe(recipes, "hello", server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ))
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    em = Envmgr()
    plan = em.install("hello", dry_run=True)
    assert isinstance(plan, Plan) and [s.action for s in plan] == ["install"]
    assert em.find("hello") == []
    [entry] = em.install("hello")
    assert entry.soft == "hello" and entry.source == "installed"
    assert em.install(tags="hello")[0].uid == entry.uid  # the second is a no-op
    for bad in ({"target": "hello", "tags": "hello"}, {}, {"target": ""},
                {"target": "hello", "variants": {"a": 1}}):
        with pytest.raises(UsageError):
            em.install(**bad)
    [gone] = em.uninstall(entry.uid)
    assert gone.uid == entry.uid and em.find("hello") == []
