"""The Python API's edges: a string is one tag or name, wrong arguments are UsageErrors
that say what is expected, and the error tree is importable from `envmgr`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, write_tool

import envmgr
import envmgr.errors
from envmgr import Envmgr
from envmgr.errors import EnvmgrError, UsageError
from envmgr.store.entry import Entry
from envmgr.store.registry import Registry


def _entry(i, soft="cmake", deps=()):
    return Entry(uid=f"{soft}-{i:012x}", soft=soft, category="tool", version=f"3.{i}",
                 tags=[soft, "tool", f"v3.{i}"], prefix=f"/opt/{soft}{i}", source="installed",
                 deps=list(deps))


@pytest.fixture
def em(home):
    home.mkdir(parents=True)
    with Registry(str(home / "registry.db")) as reg:
        reg.upsert([_entry(1), _entry(2), _entry(5, "ninja", deps=["cmake-000000000002"]),
                    _entry(7, "python")])
    with Envmgr(home=str(home)) as em:
        yield em


def test_a_string_is_one_tag(em):
    assert [e.uid for e in em.find("cmake")] == ["cmake-000000000002", "cmake-000000000001"]
    assert [e.uid for e in em.find("CMake, v3.1")] == ["cmake-000000000001"]  # as --tags
    assert [e.uid for e in em.find(("cmake", "v3.2"))] == ["cmake-000000000002"]
    assert em.select("cmake").entry.uid == "cmake-000000000002"
    assert em.select("cmake", ">=3.1,<3.2").entry.uid == "cmake-000000000001"
    assert em.select("ninja-000000000005").entry.soft == "ninja"
    assert [e.uid for e in envmgr.api.query("ninja")] == ["ninja-000000000005"]


def test_no_tags_lists_everything_but_a_blank_tag_is_an_error(em):
    assert len(em.find()) == len(em.find(None)) == len(em.find([])) == 4
    for blank in ("", " ", ",", [""], ["cmake", " "]):
        with pytest.raises(UsageError):
            em.find(blank)
        with pytest.raises(UsageError):
            em.select(blank)
    assert len(em.find()) == 4


@pytest.mark.parametrize("call, message", [
    (lambda em: em.select(None), "select() needs tags"),
    (lambda em: em.select([]), "select() needs tags"),
    (lambda em: em.select(3), "not int"),
    (lambda em: em.select(["cmake", 3]), "must hold strings, not int"),
    (lambda em: em.select("cmake", 3.9), "version must be a spec string"),
    (lambda em: em.select("cmake", "=>3.9"), "did you mean '>=3.9'?"),
    (lambda em: em.find(b"cmake"), "not bytes"),
    (lambda em: em.find({"cmake": 1}), "not dict"),
    (lambda em: em.find("cmake", include_stale="no"), "include_stale must be True or False"),
    (lambda em: em.find("cmake", ""), "the version spec is empty"),
    (lambda em: em.get(None), "a uid must be a string, not None"),
    (lambda em: em.get(""), "the uid is empty"),
    (lambda em: em.get("  "), "the uid is empty"),
    (lambda em: em.get(["cmake-000000000001"]), "a uid must be a string, not list"),
    (lambda em: em.remove(None), "remove() takes uids"),
    (lambda em: em.remove([""]), "the uid is empty"),
    (lambda em: em.remove(["cmake-000000000001", 5]), "a uid must be a string, not int"),
    (lambda em: em.with_deps(None), "with_deps() takes an Entry, a uid, or a list"),
    (lambda em: em.with_deps([1]), "with_deps() takes"),
    (lambda em: em.gc(dry_run="yes"), "dry_run must be True or False"),
    (lambda em: em.detect(None), "names must be a string or a list of strings, not None"),
    (lambda em: em.detect([""]), "names has an empty name"),
    (lambda em: em.detect(["cmake", 1]), "names must be a string or a list"),
    (lambda em: envmgr.api.query(5), "not int"),
    (lambda em: envmgr.api.shell_env(None), "groups must be a list of tag groups"),
    (lambda em: envmgr.api.shell_env([]), "groups must be a list of tag groups"),
    (lambda em: envmgr.api.shell_env([[]]), "a tag group is empty"),
    (lambda em: envmgr.api.shell_env([","]), "names no tag"),
    (lambda em: envmgr.api.detect(""), "names has an empty name"),
])
def test_wrong_arguments_are_usage_errors(em, call, message):
    with pytest.raises(UsageError) as info:
        call(em)
    assert message in str(info.value)
    assert isinstance(info.value, EnvmgrError) and info.value.exit_code == 2


def test_remove_and_with_deps_take_one_or_many(em):
    ninja = em.get("ninja-000000000005")
    assert [e.uid for e in em.with_deps(ninja)] == ["ninja-000000000005", "cmake-000000000002"]
    assert [e.uid for e in em.with_deps("ninja-000000000005")] == [
        "ninja-000000000005", "cmake-000000000002"]
    assert [e.uid for e in em.with_deps([ninja, "python-000000000007"])] == [
        "ninja-000000000005", "cmake-000000000002", "python-000000000007"]
    assert em.remove("cmake-000000000001") == 1
    assert em.remove(ninja) == 1
    assert em.remove(("python-000000000007", "nosuch-0")) == 1
    assert [e.uid for e in em.find()] == ["cmake-000000000002"]


def test_remove_keeps_to_the_links_dir(em, home):
    """A uid is one name under links/: '../x' removes no link outside it."""
    outside = home / "keep"
    outside.mkdir()
    os.symlink(outside, home / "alink")
    assert em.remove(["../alink", "../keep", ".."]) == 0
    assert (home / "alink").is_symlink() and outside.is_dir()


def test_detect_and_module_functions_take_one_name(home, tmp_path, monkeypatch):
    write_tool(tmp_path / "p" / "bin" / "cmake", 'echo "cmake version 3.27.4"\n')
    with Envmgr(home=str(home)) as em:
        report = em.detect("cmake", search_paths=[str(tmp_path / "p")], default_paths=False)
        assert [e.version for e in report.entries] == ["3.27.4"]
    monkeypatch.setenv("PATH", f"{tmp_path / 'p' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    found = envmgr.api.detect("cmake", search_paths=[str(tmp_path / "p")], default_paths=False)
    assert [e.version for e in found] == ["3.27.4"]
    env = envmgr.shell_env("cmake")  # one group of one tag, not c, m, a, k, e
    assert env["PATH"].split(os.pathsep)[0] == str(tmp_path / "p" / "bin")
    env = envmgr.shell_env(["cmake", ["cmake", "v3.27"]], version="^3.27")
    assert env["ENVMGR_ACTIVE"] == found[0].uid


def test_the_error_tree_is_exported_from_envmgr():
    names = envmgr.errors.__all__
    assert "EnvmgrError" in names and "UsageError" in names and "ProbeError" in names
    for name in names:
        assert getattr(envmgr, name) is getattr(envmgr.errors, name), name
        assert issubclass(getattr(envmgr, name), envmgr.EnvmgrError)
    from envmgr import NotFoundError, PluginError, ProbeError, RegistryError  # noqa: F401
    with pytest.raises(AttributeError):
        envmgr.NoSuchError  # noqa: B018


def test_import_envmgr_stays_cheap():
    code = ("import sys, envmgr; before = set(sys.modules); envmgr.UsageError; "
            "print(sorted(m for m in set(sys.modules) - before))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=dict(os.environ, PYTHONPATH=str(ROOT))).stdout
    assert out.strip() == "['envmgr.errors']"  # nothing else, and only when asked
    code = "import sys, envmgr; print(sorted(m for m in sys.modules if m.startswith('envmgr')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=dict(os.environ, PYTHONPATH=str(ROOT))).stdout
    assert out.strip() == "['envmgr']"
