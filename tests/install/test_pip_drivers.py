"""The pip front-end on every Python it may pick, with real pip and the machine's index.

The driver must fit the target interpreter: uv where present, else the pip the target
Python ships (ensurepip's wheel), else envmgr's own pip only where its version supports
the target. CI runs this in a venv of Debian's python3 whose pip (23.0.1) is NOT
upgraded: that pip cannot run under Python 3.12+, so it must never drive those.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.frontends.pip import choose_driver, pip_supports

ROOT = Path(__file__).resolve().parents[2]


def _envmgr_pip() -> str | None:
    try:
        from importlib.metadata import version

        return version("pip")
    except Exception:  # noqa: BLE001
        return None


def _path_without_uv() -> str:
    dirs = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not os.path.exists(os.path.join(d, "uv"))]
    return os.pathsep.join(dirs)


_FOUND: list[list[tuple[str, str]]] = []


def _pythons() -> list[tuple[str, str]]:
    """(version, executable) of the CPython interpreters envmgr detects here, 3.8 and
    newer, oldest first; never envmgr's own venv."""
    if _FOUND:
        return _FOUND[0]
    import tempfile

    scratch = tempfile.mkdtemp(prefix="envmgr-pythons-")
    env = dict(os.environ, PYTHONPATH=str(ROOT), ENVMGR_HOME=scratch + "/home",
               ENVMGR_CONFIG_DIR=scratch + "/config")
    proc = subprocess.run([sys.executable, "-m", "envmgr", "detect", "python", "--dry-run",
                           "--json"], capture_output=True, text=True, env=env, timeout=300)
    found = {}
    for e in json.loads(proc.stdout or "[]"):
        exe, ver = e["attrs"].get("executable"), e["version"]
        kind = str(e["attrs"].get("implementation") or "cpython").lower()
        if not exe or e["attrs"].get("venv") or kind != "cpython":
            continue
        if os.path.realpath(exe).startswith(os.path.realpath(sys.prefix) + "/"):
            continue
        parts = tuple(int(p) for p in ver.split(".")[:2])
        if parts >= (3, 8):
            found.setdefault(ver, exe)
    shutil.rmtree(scratch, ignore_errors=True)
    _FOUND.append(sorted(found.items(),
                         key=lambda kv: tuple(int(p) for p in kv[0].split(".")[:3])))
    return _FOUND[0]


def _recipe(folder: Path, name: str, python: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.toml").write_text(f"""schema_version = 1
name = "{name}"
summary = "six on Python {python}"
category = "python-package"
tags = ["python-package", "six"]
[[versions]]
version = "1.16.0"
sources = []
[[dependencies]]
tags = ["python"]
version = "{python}"
[frontend]
name = "pip"
settings = {{ package = "six" }}
[tests]
commands = [["python", "-c", "import six; assert six.__version__ == '1.16.0'"]]
""")


@pytest.mark.parametrize("pip, python, ok", [
    ("23.0.1", "3.11.2", True),
    ("23.0.1", "3.12.1", False),  # pkgutil.ImpImporter is gone
    ("23.0.1", "3.13.0", False),
    ("23.2.1", "3.12.1", True),
    ("24.2", "3.13.0", True),
    ("24.0", "3.13.0", False),
    ("25.1", "3.8.18", False),  # pip 25.1 needs Python 3.9
    ("24.3.1", "3.8.18", True),
    ("22.2", "3.10.13", False),  # no --python option yet
    ("26.0", "3.15.0", False),  # a Python newer than any pip envmgr knows of
])
def test_pip_supports(pip, python, ok):
    assert (pip_supports(pip, python) is None) is ok


def test_envmgrs_pip_never_drives_a_python_it_cannot_run(tmp_path):
    """On this machine's Pythons: the driver chosen without uv is the target's own pip
    or a pip that supports it; never a pip too old for the target."""
    mine = _envmgr_pip()
    for version, exe in _pythons():
        got = choose_driver(exe, version, uv=None, forced=None, cache=tmp_path)
        if isinstance(got, str):
            assert "no pip can install into Python" in got
            continue
        assert got.kind != "uv"
        if got.kind == "envmgr's pip":
            assert mine is not None and pip_supports(mine, version) is None
        if got.kind == "bundled pip":
            assert Path(got.wheel).is_file() and Path(got.wheel).name.startswith("pip-")
    forced = choose_driver(sys.executable, "3.11.7", uv=None, forced="uv", cache=tmp_path)
    assert forced == "frontend.settings.driver is 'uv', but uv is not on PATH"


def test_unpinned_pypi_target_is_not_satisfied_by_envmgrs_own_packages(cli, home):
    """requests is inside envmgr's venv (a dependency of envmgr): `pypi:requests` still
    installs, into a venv of a Python that is not envmgr's own venv."""
    r = cli("install", "pypi:requests", "--dry-run", "--json", timeout=300)
    assert r.rc == 0, r.err
    steps = {s["soft"]: s for s in r.json()["steps"]}
    assert steps["py-requests"]["action"] == "install"
    py = steps["python"]
    where = py.get("path") or ""
    assert not os.path.realpath(where).startswith(os.path.realpath(sys.prefix))
    assert any(n.startswith("driver: ") for n in steps["py-requests"]["notes"])
    # the builtin py-requests recipe neither: detection of envmgr's own copy is left out
    r = cli("install", "py-requests", "--dry-run", "--json", timeout=300)
    assert r.rc == 0, r.err
    [step] = [s for s in r.json()["steps"] if s["soft"] == "py-requests"]
    if step["action"] == "detect":  # a copy in another Python here may serve; never ours
        real = os.path.realpath(step["path"])
        for own in {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}:
            assert real != own and not real.startswith(own + "/"), step
    else:
        assert step["action"] == "install", step


@pytest.mark.slow
@pytest.mark.parametrize("which", ["newest", "oldest"])
def test_pip_installs_into_the_newest_and_oldest_python_without_uv(cli, home, tmp_path,
                                                                   monkeypatch, which):
    """Without uv, with envmgr's own pip as it is (Debian's 23.0.1 in CI): six installs
    into a venv of the newest and of the oldest supported Python here."""
    pythons = _pythons()
    if not pythons:
        pytest.skip("no CPython 3.8+ is detected here")
    version, exe = pythons[-1] if which == "newest" else pythons[0]
    recipes = tmp_path / "recipes"
    _recipe(recipes, "py-six-here", version)
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    env = {"PATH": _path_without_uv()}
    plan = cli("install", "py-six-here", "--dry-run", "--json", env=env, timeout=300)
    assert plan.rc == 0, plan.err
    step = next(s for s in plan.json()["steps"] if s["soft"] == "py-six-here")
    [note] = [n for n in step["notes"] if n.startswith("driver: ")]
    mine = _envmgr_pip()
    if "envmgr's own pip" in note:
        assert mine and pip_supports(mine, version) is None, note

    r = cli("install", "py-six-here", "--json", env=env, timeout=900)
    assert r.rc == 0, r.err
    listed = cli("list", "--json").json()
    six = next(e for e in listed if e["soft"] == "py-six-here")
    assert six["attrs"]["driver"] in ("bundled pip", "venv pip", "envmgr's pip")
    venv = next(e for e in listed if e["soft"] == "python" and e["prefix"] == six["prefix"])
    assert os.path.realpath(venv["attrs"]["base_executable"]) == os.path.realpath(exe)
    run = cli("shell", "--tags=py-six-here", "--", "python", "-c",
              "import six, sys; print(six.__version__, '%d.%d.%d' % sys.version_info[:3])")
    assert run.rc == 0, run.err
    assert run.out.split() == ["1.16.0", version]


def _uv() -> str | None:
    return os.environ.get("ENVMGR_TEST_UV") or shutil.which("uv")


@pytest.mark.slow
def test_uv_drives_the_newest_python(cli, home, tmp_path, monkeypatch):
    uv = _uv()
    if not uv or not _pythons():
        pytest.skip("uv is not here (set ENVMGR_TEST_UV=/path/to/uv)")
    version, _exe = _pythons()[-1]
    recipes = tmp_path / "recipes"
    _recipe(recipes, "py-six-uv", version)
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    env = {"PATH": os.pathsep.join([os.path.dirname(uv), os.environ["PATH"]])}
    r = cli("install", "py-six-uv", env=env, timeout=900)
    assert r.rc == 0, r.err
    six = next(e for e in cli("list", "--json").json() if e["soft"] == "py-six-uv")
    assert six["attrs"]["driver"] == "uv"
    run = cli("shell", "--tags=py-six-uv", "--", "python", "-c", "import six; print(1)")
    assert run.rc == 0 and run.out.strip() == "1"
    bad = cli("install", "pypi:six==99.0", env=env, timeout=900)
    [err] = [ln for ln in bad.err.splitlines() if ln.startswith("envmgr: error:")]
    assert bad.rc == 1 and "Because there is no version of six==99.0" in err, bad.err
    assert "full log: " in err and "Traceback" not in bad.err


@pytest.mark.slow
@pytest.mark.parametrize("target, missing", [
    ("pypi:envmgr-no-such-distribution-xyz", "envmgr-no-such-distribution-xyz"),
    ("pypi:six==99.0.0", "six==99.0.0"),
    ("pypi:pywin32==306", "pywin32==306"),  # wheels for Windows only, no sdist
])
def test_a_requirement_pip_cannot_find_is_one_line_with_the_log(cli, home, target, missing):
    r = cli("install", target, "--json", env={"PATH": _path_without_uv()}, timeout=900)
    assert r.rc == 1
    [err] = [ln for ln in r.err.splitlines() if ln.startswith("envmgr: error:")]
    if "No matching distribution" not in err:  # no index reachable: say so, not pass
        pytest.skip(f"pip reached no index here: {err}")
    assert f"ERROR: No matching distribution found for {missing}" in err
    assert "Traceback" not in r.err and "ERROR: Exception" not in r.err
    doc = r.json()
    log = doc["logs"][-1]
    assert f"full log: {log}" in err and Path(log).is_file()
    assert f"No matching distribution found for {missing}" in Path(log).read_text()
    assert [e for e in cli("list", "--json").json() if e["source"] == "installed"] == []
    root = home / "install"
    assert not root.exists() or [p.name for p in root.iterdir()] in ([], [".locks"])
