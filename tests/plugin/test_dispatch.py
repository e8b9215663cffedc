"""Hooks go through pluggy: wrappers, firstresult, historic, collectors, and call order
fixed by origin (never by registration time), each implementation fault-guarded."""

from __future__ import annotations

import pluggy

from envmgr.plugin.collectors import Frontends
from envmgr.plugin.hookspecs import hookimpl


class Dirs:
    """A plugin whose envmgr_search_dirs logs its call and returns ``[dir]``."""

    def __init__(self, name: str, log: list[str]) -> None:
        self.name, self.log = name, log

    @hookimpl
    def envmgr_search_dirs(self, context):
        self.log.append(self.name)
        return [f"/{self.name}"]


def test_call_order_is_fixed_by_origin_not_registration(pm):
    log: list[str] = []
    # registered in an order that pluggy alone would call backwards
    pm.register(Dirs("user", log), "u", origin="user")
    pm.register(Dirs("builtin", log), "b", origin="builtin")
    pm.register(Dirs("entrypoint", log), "e", origin="entrypoint")
    assert pm.call("envmgr_search_dirs", context=None) == [["/user"], ["/entrypoint"],
                                                            ["/builtin"]]
    assert log == ["user", "entrypoint", "builtin"]
    assert pm.call_each("envmgr_search_dirs", context=None)[0] == ("u", ["/user"])


def test_a_wrapper_sees_and_may_change_the_result(pm):
    seen = []

    class Wrap:
        @hookimpl(wrapper=True)
        def envmgr_search_dirs(self, context):
            result = yield
            seen.append(list(result))
            return [*result, ["/added-by-wrapper"]]

    pm.register(Dirs("builtin", []), "b", origin="builtin")
    pm.register(Wrap(), "wrap", origin="builtin")  # a wrapper runs around every origin
    pm.register(Dirs("user", []), "u", origin="user")
    result = pm.pm.hook.envmgr_search_dirs(context=None)
    assert seen == [[["/user"], ["/builtin"]]]
    assert result == [["/user"], ["/builtin"], ["/added-by-wrapper"]]


def test_a_failing_wrapper_is_reported_and_the_result_passes_through(pm, capsys):
    class Broken:
        @hookimpl(wrapper=True)
        def envmgr_search_dirs(self, context):
            yield
            raise RuntimeError("wrapper boom")

    pm.register(Dirs("user", []), "u", origin="user")
    pm.register(Broken(), "broken", origin="user")
    assert pm.call("envmgr_search_dirs", context=None) == [["/user"]]
    err = capsys.readouterr().err
    assert "plugin 'broken' raised in envmgr_search_dirs: RuntimeError: wrapper boom" in err
    assert "-p no:broken" in err


def test_firstresult_the_highest_origin_answers_and_a_fault_is_skipped(pm, capsys):
    class Pick:
        def __init__(self, answer):
            self.answer = answer

        @hookimpl
        def envmgr_pick_frontend(self, spec, frontends):
            if self.answer == "raise":
                raise ValueError("cannot pick")
            return self.answer

    pm.register(Pick("builtin-fe"), "b", origin="builtin")
    pm.register(Pick("ep-fe"), "e", origin="entrypoint")
    pm.register(Pick(None), "quiet", origin="user")
    pm.register(Pick("raise"), "faulty", origin="user")
    assert pm.call("envmgr_pick_frontend", spec="x", frontends=Frontends()) == "ep-fe"
    err = capsys.readouterr().err
    assert err.count("envmgr: warning:") == 1 and "plugin 'faulty'" in err


def test_registration_collector_later_origin_wins_whatever_the_call_order(pm):
    class Add:
        def __init__(self, value):
            self.value = value

        @hookimpl(trylast=True)  # asks to run last: it still wins, being a user plugin
        def envmgr_register_frontends(self, frontends):
            frontends.add("pip", self.value)

    class Early:
        @hookimpl(tryfirst=True)
        def envmgr_register_frontends(self, frontends):
            frontends.add("pip", "from the builtin")
            frontends.add("spack", "from the builtin")

    pm.register(Add("from the user"), "mine", origin="user")
    pm.register(Early(), "tools.pip", origin="builtin")
    frontends = Frontends()
    pm.call("envmgr_register_frontends", frontends=frontends)
    assert frontends.get("pip") == "from the user" and frontends.owner("pip") == "mine"
    assert frontends.names() == ["pip", "spack"]


def test_historic_hooks_replay_to_later_plugins_guarded(pm, capsys):
    spec = pluggy.HookspecMarker("envmgr")

    class Specs:
        @spec(historic=True)
        def envmgr_test_configure(self, value):
            """A setup hook for this test."""

    pm.pm.add_hookspecs(Specs)
    got = []

    class Late:
        @hookimpl
        def envmgr_test_configure(self, value):
            got.append(value)

    class Bad:
        @hookimpl
        def envmgr_test_configure(self, value):
            raise RuntimeError("late boom")

    pm.pm.hook.envmgr_test_configure.call_historic(kwargs={"value": 42})
    # registered after the call: pluggy replays it, through the guard
    info_late = pm.register(Late(), "late")
    info_bad = pm.register(Bad(), "bad")
    assert got == [42]
    assert not info_late.error and not info_bad.error
    assert "plugin 'bad' raised in envmgr_test_configure: RuntimeError: late boom" in (
        capsys.readouterr().err)


def test_the_pm_fixture_loads_no_outside_plugin(pm, tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "outside.py").write_text("def envmgr_platform(info):\n    info['x'] = 1\n")
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(folder))
    monkeypatch.setenv("ENVMGR_PLUGINS", "os")
    assert pm.load_for_hook("envmgr_platform") is False
    assert pm.catalog.external_refs() == [] and pm.plugins == {}
