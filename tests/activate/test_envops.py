"""Environment operations: the planner's output, its renderers, and the system dirs it
never puts on a path."""

import os

import pytest

from envmgr.activate.envops import (
    APPEND,
    PREPEND,
    SET,
    UNSET,
    EnvOp,
    apply,
    ops_from_json,
    ops_to_json,
)
from envmgr.activate.plan import diff_ops, plan
from envmgr.activate.scripts import activate_script, render
from envmgr.errors import UsageError
from envmgr.store.entry import Entry


def entry(prefix, lib=(), include=(), bin=(), env=None, uid="tool-1"):
    return Entry(uid=uid, soft="tool", category="tool", version="1.0", tags=["tool"],
                 prefix=prefix, paths={"bin": list(bin), "lib": list(lib),
                                       "include": list(include)}, env=env or {})


def no_link(links_dir, e):
    return None


def test_ops_apply_in_order_and_round_trip_through_json():
    ops = [EnvOp(PREPEND, "PATH", ["/a", "/b"]), EnvOp(APPEND, "PATH", ["/z", "/a"]),
           EnvOp(SET, "X", "1"), EnvOp(UNSET, "GONE")]
    env = apply(ops, {"PATH": "/b::/usr/bin", "GONE": "x"})
    assert env == {"PATH": "/a:/b:/usr/bin:/z", "X": "1"}
    assert ops_from_json(ops_to_json(ops)) == ops
    with pytest.raises(AttributeError):
        ops[0].var = "OTHER"
    for bad in ([["prepend", "PATH", "/a"]], [["frob", "X", "1"]], [["set", "X"]], {"a": 1}):
        with pytest.raises(ValueError):
            ops_from_json(bad)


@pytest.mark.parametrize("d", [
    "/usr/lib/i386-linux-gnu", "/usr/lib/powerpc64le-linux-gnu", "/usr/local/lib64",
    "/usr/lib", "/lib64", "/usr/lib32", "/usr/lib/x86_64-linux-gnu/", "/usr/local/lib",
    "/lib/aarch64-linux-gnu", "/usr/libx32", "/usr/lib/riscv64-linux-gnu",
])
def test_no_system_lib_dir_of_any_architecture_goes_on_ld_library_path(d):
    p = plan([entry("/usr", lib=[d, "/opt/tool/lib"])], "/nonexistent", make_link=no_link)
    env = p.apply({})
    assert env["LD_LIBRARY_PATH"] == "/opt/tool/lib"


def test_the_loaders_configured_dirs_are_never_prepended(tmp_path):
    from envmgr.detect import syspaths

    for d in syspaths.ld_so_conf_dirs():
        env = plan([entry("/opt/x", lib=[d])], "/nonexistent", make_link=no_link).apply({})
        assert "LD_LIBRARY_PATH" not in env, d


def test_system_include_dirs_are_never_on_cpath():
    p = plan([entry("/opt/t", include=["/usr/include", "/usr/include/x86_64-linux-gnu",
                                       "/usr/local/include", "/opt/t/include"])],
             "/nonexistent", make_link=no_link)
    assert p.apply({})["CPATH"] == "/opt/t/include"


def test_plan_orders_entries_first_wins_and_records_its_checks(tmp_path):
    (tmp_path / "a/lib/pkgconfig").mkdir(parents=True)
    a = entry(str(tmp_path / "a"), lib=[str(tmp_path / "a/lib")], bin=[str(tmp_path / "a/bin")],
              env={"V": "a"}, uid="a-1")
    b = entry("/opt/b", bin=["/usr/bin"], env={"V": "b"}, uid="b-1")
    p = plan([a, b], "/links", make_link=lambda d, e: f"{d}/{e.uid}")
    assert p.ops[0] == EnvOp(PREPEND, "PATH", [str(tmp_path / "a/bin"), "/links/a-1",
                                                "/links/b-1"])  # /usr/bin only by link
    env = p.apply({"PATH": "/usr/bin"})
    assert env["V"] == "a" and env["ENVMGR_ACTIVE"] == "a-1:b-1"
    assert env["PKG_CONFIG_PATH"] == str(tmp_path / "a/lib/pkgconfig")
    assert env["CMAKE_PREFIX_PATH"] == f"{tmp_path / 'a'}:/opt/b"
    assert ("d", str(tmp_path / "a/lib/pkgconfig"), True) in p.checks and p.cacheable


def test_hook_changes_become_operations_and_make_the_plan_uncacheable():
    def hook(e, env):
        env["PATH"] = "/hooked/bin:" + env["PATH"]
        env["NEW"] = "1"
        env.pop("DROP", None)

    p = plan([entry("/opt/t")], "/n", hook=hook, base={"PATH": "/usr/bin", "DROP": "x"},
             make_link=no_link)
    assert EnvOp(PREPEND, "PATH", ["/hooked/bin"]) in p.ops
    assert EnvOp(UNSET, "DROP") in p.ops and EnvOp(SET, "NEW", "1") in p.ops
    assert not p.cacheable
    assert p.apply({"PATH": "/usr/bin", "DROP": "x"})["PATH"] == "/hooked/bin:/usr/bin"


def test_diff_ops_keeps_exact_values():
    before = {"P": "/a:/b"}
    after = {"P": "/b:/a:/b"}  # a prepend would drop the later /b: must be a set
    ops = diff_ops(before, after)
    assert ops == [EnvOp(SET, "P", "/b:/a:/b")] and apply(ops, before) == after


def test_scripts_refuse_names_that_would_be_code():
    with pytest.raises(UsageError):
        render("bash", {"X=1; touch /tmp/pwned; Y": "v"})
    with pytest.raises(UsageError):
        activate_script("zsh", {}, [EnvOp(SET, "A-B", "v")])
    with pytest.raises(UsageError):
        render("csh", {"X": "1"})


def test_fish_path_lists_keep_empty_items():
    assert render("fish", {"MYPATH": "/a::/b"}) == "set -gx MYPATH '/a' '' '/b';\n"
    assert os.pathsep == ":"
