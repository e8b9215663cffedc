"""The easybuild front-end for real: pip's EasyBuild (`eb`) with Lmod builds the `toy`
easyconfig that ships inside easybuild-framework (its test suite's easyconfigs, easyblock
and sources), through `envmgr install eb:toy-0.0.eb` and through a recipe whose sources
envmgr fetches and checks itself.

CI installs EasyBuild into /tmp/envmgr-ci-eb and apt's lmod (.ci/run); elsewhere set
ENVMGR_TEST_EB=/path/to/bin/eb or put `eb` on PATH. Skipped, with the reason, where eb,
its framework's test files or Lmod are missing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

LMOD = ("/usr/share/lmod/lmod/libexec/lmod", "/opt/apps/lmod/lmod/libexec/lmod")


def _find_eb() -> str | None:
    for path in (os.environ.get("ENVMGR_TEST_EB"), shutil.which("eb"),
                 "/tmp/envmgr-ci-eb/bin/eb"):
        if path and os.access(path, os.X_OK):
            return path
    return None


@pytest.fixture(scope="module")
def easybuild():
    """(eb, its framework's test folder, the PATH to use) or a skip saying what is missing."""
    eb = _find_eb()
    if eb is None:
        pytest.skip("EasyBuild's eb is not here (pip install easybuild; or set ENVMGR_TEST_EB)")
    if not any(os.access(p, os.X_OK) for p in LMOD):
        pytest.skip("Lmod is not here (apt-get install lmod)")
    bindir = os.path.dirname(eb)
    python = next((os.path.join(bindir, n) for n in ("python3", "python")
                   if os.access(os.path.join(bindir, n), os.X_OK)), None)
    if python is None:
        pytest.skip(f"no Python beside {eb} to find easybuild-framework's files with")
    proc = subprocess.run([python, "-c", "import easybuild, os; "
                           "print(os.path.dirname(easybuild.__file__))"],
                          capture_output=True, text=True, timeout=60)
    framework = Path(proc.stdout.strip()).parent / "test" / "framework"
    toy = next(iter(sorted(framework.glob("easyconfigs/**/toy-0.0.eb"))), None)
    if proc.returncode != 0 or toy is None:
        pytest.skip(f"easybuild-framework's toy-0.0.eb is not beside {eb}")
    return eb, framework, toy, bindir + os.pathsep + os.environ.get("PATH", "")


def _eb_env(framework: Path, path: str, sources: bool = True) -> dict[str, str]:
    env = {"PATH": path,
           # the toy easyblock and easyconfig live in the framework's test sandbox
           "EASYBUILD_INCLUDE_EASYBLOCKS": str(framework / "sandbox/easybuild/easyblocks/*/*.py"),
           "EASYBUILD_ROBOT_PATHS": str(framework / "easyconfigs/test_ecs")}
    if sources:
        env["EASYBUILD_SOURCEPATH"] = str(framework / "sandbox/sources")
    return env


def _no_eb_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("EASYBUILD_SOURCEPATH", "EASYBUILD_INSTALLPATH", "EASYBUILD_PREFIX"):
        monkeypatch.delenv(var, raising=False)


def test_eb_target_builds_toy_into_the_home_and_a_shell_runs_it(cli, home, easybuild,
                                                                 monkeypatch):
    _no_eb_sources(monkeypatch)
    eb, framework, _toy, path = easybuild
    env = _eb_env(framework, path)
    plan = cli("install", "eb:toy-0.0.eb", "--dry-run", env=env, timeout=300)
    assert plan.rc == 0, plan.err
    assert "install toy@0.0 with easybuild" in plan.out
    assert "easybuild@" in plan.out and "lmod@" in plan.out

    r = cli("install", "eb:toy-0.0.eb", env=env, timeout=900)
    assert r.rc == 0, r.err
    listed = cli("list", "--json", env=env).json()
    [toy] = [e for e in listed if e["soft"] == "toy"]
    record = toy["attrs"]["easybuild"]
    prefix = home / "install" / ".eb" / "software" / "toy" / "0.0"
    assert record["module"] == "toy/0.0" and record["prefix"] == str(prefix)
    assert (prefix / "bin" / "toy").is_file()
    assert toy["paths"]["bin"] == [str(prefix / "bin")]
    assert toy["env"] == {"EBROOTTOY": str(prefix), "EBVERSIONTOY": "0.0"}
    assert (home / "install" / ".eb" / "modules" / "all" / "toy" / "0.0.lua").is_file()
    # the entry depends on the eb and Lmod it was built with, both recorded
    softs = {e["uid"]: e["soft"] for e in listed}
    assert sorted(softs[d] for d in toy["deps"]) == ["easybuild", "lmod"]
    assert toy["source"] == "installed" and "easybuild-package" in toy["tags"]
    assert Path(toy["prefix"], "easybuild.json").is_file()

    run = cli("shell", "--tags=toy", "--", "toy", env=env)
    assert run.rc == 0, run.err
    assert run.out.strip() == "I'm a toy, and very proud of it."

    # a second install is a no-op naming the entry (the detected eb is reused this time)
    again = cli("install", "eb:toy-0.0.eb", env=env, timeout=300)
    assert again.rc == 0 and f"already installed: entry {toy['uid']}" in again.out, again.err

    gone = cli("uninstall", toy["uid"], env=env)
    assert gone.rc == 0, gone.err
    assert not Path(toy["prefix"]).exists()
    assert toy["uid"] not in {e["uid"] for e in cli("list", "--json", env=env).json()}


def test_easybuild_recipe_feeds_eb_sources_from_the_download_cache(cli, home, tmp_path,
                                                                  easybuild, monkeypatch):
    """No EASYBUILD_SOURCEPATH: eb finds toy's tarball and patches only where envmgr put
    them, fetched from a local folder and checked against their sha256."""
    _no_eb_sources(monkeypatch)
    eb, framework, toy_ec, path = easybuild
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    files = ["toy-0.0.tar.gz", "toy-0.0_fix-silly-typo-in-printf-statement.patch",
             "toy-extra.txt"]
    sources = ""
    for name in files:
        data = (framework / "sandbox/sources/toy" / name).read_bytes()
        (upstream / name).write_bytes(data)
        sources += (f'[[versions.sources]]\nurl = "{(upstream / name).as_uri()}"\n'
                    f'sha256 = "{hashlib.sha256(data).hexdigest()}"\nextract = false\n')
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    (recipes / "toy.toml").write_text(f"""schema_version = 1
name = "toy"
summary = "toy, built by EasyBuild from sources envmgr fetched"
category = "tools"
tags = ["toy", "eb-test"]

[[versions]]
version = "0.0"
{sources}
[frontend]
name = "easybuild"
settings = {{ easyconfig = "{toy_ec}", name = "toy" }}

[tests]
commands = [["toy"]]
""")
    env = {**_eb_env(framework, path, sources=False), "ENVMGR_RECIPE_PATH": str(recipes)}
    r = cli("install", "toy", env=env, timeout=900)
    assert r.rc == 0, r.err
    [toy] = [e for e in cli("list", "--json", env=env).json() if e["soft"] == "toy"]
    assert toy["attrs"]["easybuild"]["module"] == "toy/0.0"
    assert [f["checked"] for f in toy["attrs"]["fetched"]] == [True, True, True]
    fed = home / "install" / ".eb" / "sources" / "t" / "toy"
    assert sorted(p.name for p in fed.iterdir()) == sorted(files)
    run = cli("shell", "--tags=toy,eb-test", "--", "toy", env=env)
    assert run.rc == 0 and "I'm a toy" in run.out, run.err


def test_eb_missing_says_how_to_get_it(cli, home, tmp_path, monkeypatch):
    """Without eb anywhere, one sentence names what is missing and how to get it; nothing
    is recorded and nothing is written under the install root."""
    monkeypatch.delenv("EBROOTEASYBUILD", raising=False)
    empty = tmp_path / "bin"
    empty.mkdir()
    r = cli("install", "eb:bzip2-1.0.8.eb", env={"PATH": str(empty)})
    assert r.rc == 1, r.out
    assert ("eb is not detected here; install it with `envmgr install easybuild` (pip's "
            "easybuild) or put `eb` on PATH and run `envmgr detect easybuild`") in r.err
    assert "Traceback" not in r.err
    assert not (home / "install").exists() or not any(
        p.name != ".locks" for p in (home / "install").iterdir())


@pytest.mark.parametrize("target", ["eb:", "eb:bzip2", "eb:bzip2-1.0.8", "eb:-1.0.eb",
                                    "eb:bzip2-x.eb"])
def test_bad_eb_targets_are_one_sentence(cli, home, target):
    r = cli("install", target, "--dry-run")
    assert r.rc == 2 and f"cannot read '{target}'" in r.err and "eb:NAME-VERSION.eb" in r.err
    assert "Traceback" not in r.err

