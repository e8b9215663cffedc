"""Meta-tests: the builtin index is current, and start-up imports only what it needs."""

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT
from nested_venv import make_venv, pip_install

from envmgr.catalog import builtin as catalog


def test_builtin_index_is_current():
    index = catalog.build_index()
    with open(catalog.index_path()) as f:
        on_disk = json.load(f)
    assert on_disk == json.loads(json.dumps(index)), (
        "plugins/_index.json is stale: run 'envmgr dev reindex'"
    )
    with open(catalog.hooks_path()) as f:
        hooks = json.load(f)
    assert hooks == {"version": catalog.HOOKS_VERSION, "hooks": catalog.build_hooks(index)}, (
        "plugins/_hooks.json is stale: run 'envmgr dev reindex'"
    )


PROBE = """
import os, sys
from envmgr.cli.main import main
os.execvpe = lambda *a: sys.exit(0)  # shell -- CMD: stop where the command would start
try:
    rc = main(sys.argv[1:])
finally:
    sys.stderr.write("MODULES " + " ".join(sorted(sys.modules)) + "\\n")
sys.exit(rc)
"""


def _imported(home, *args):
    """The modules a real envmgr run imported (in any thread)."""
    env = dict(os.environ, ENVMGR_HOME=str(home), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", PROBE, *args],
                          capture_output=True, text=True, env=env)
    m = re.search(r"^MODULES (.*)$", proc.stderr, re.M)
    return set(m.group(1).split()) if m else set(), proc


def test_version_imports_no_plugin_and_no_pluggy(tmp_path):
    mods, proc = _imported(tmp_path, "--version")
    assert proc.returncode == 0
    assert not {m for m in mods if m.startswith(("plugins", "envmgr_plugins"))}
    assert "pluggy" not in mods and "argparse" not in mods and "sqlite3" not in mods
    assert not {m for m in mods if m.startswith(("envmgr.detect", "envmgr.plugin"))}


def test_detect_imports_only_the_plugin_asked_for(tmp_path):
    mods, proc = _imported(tmp_path, "detect", "cmake", "--dry-run")
    assert proc.returncode == 0, proc.stderr[-500:]
    pkg = catalog.builtin_package()
    assert {m for m in mods if m.startswith(f"{pkg}.")} <= {f"{pkg}.tools", f"{pkg}.tools.cmake"}
    assert f"{pkg}.tools.cmake" in mods


def test_shell_imports_no_plugin_machinery(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    tool = bindir / "cmake"
    tool.write_text("#!/bin/sh\necho 'cmake version 3.30.0'\n")
    tool.chmod(0o755)
    env = dict(os.environ, ENVMGR_HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "envmgr", "detect", "cmake", "--no-default-paths",
                    "--search-path", str(bindir)], check=True, env=env, capture_output=True)
    _imported(tmp_path, "shell", "--tags=cmake", "--", "true")  # fills the entry-point cache
    mods, proc = _imported(tmp_path, "shell", "--tags=cmake", "--", "true")
    assert proc.returncode == 0, proc.stderr[-500:]
    assert not {m for m in mods if m.startswith(("plugins.", "envmgr_plugins."))}
    assert not {"pluggy", "subprocess", "argparse"} & mods
    allowed = {"envmgr.detect.syspaths", "envmgr.plugin.entrypoints"}
    assert not {m for m in mods if m.startswith(("envmgr.detect.", "envmgr.plugin."))} - allowed


def test_cached_shell_imports_only_os_and_envmgrs_tiny_modules(tmp_path):
    """The second identical `shell -- CMD`, from the cache: no sqlite3, no json (nor the re
    it brings), no argparse, and of envmgr only what reads and applies the record."""
    import time

    bindir = tmp_path / "bin"
    bindir.mkdir()
    tool = bindir / "cmake"
    tool.write_text("#!/bin/sh\necho 'cmake version 3.30.0'\n")
    tool.chmod(0o755)
    quiet = tmp_path / "cwd"  # sys.path[0] of `python -c`: a dir nothing writes to
    quiet.mkdir()
    env = dict(os.environ, ENVMGR_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT),
               ENVMGR_CONFIG_DIR=str(tmp_path / "config"))
    env.pop("ENVMGR_PLUGIN_PATH", None)
    subprocess.run([sys.executable, "-m", "envmgr", "detect", "cmake", "--no-default-paths",
                    "--search-path", str(bindir)], check=True, env=env, capture_output=True)
    past = time.time() - 60  # as if detected a minute ago: a record may be kept
    for p in (tmp_path / "home" / "registry.db", quiet):
        os.utime(p, (past, past))

    def run():
        proc = subprocess.run([sys.executable, "-c", PROBE, "shell", "--tags=cmake", "--",
                               "true"], capture_output=True, text=True, env=env, cwd=quiet)
        m = re.search(r"^MODULES (.*)$", proc.stderr, re.M)
        return set(m.group(1).split()) if m else set(), proc

    full, _ = run()
    assert "sqlite3" in full
    mods, proc = run()
    assert proc.returncode == 0, proc.stderr[-500:]
    mods -= _startup_modules(env)
    assert not {"sqlite3", "json", "re", "argparse", "subprocess", "pluggy", "typing",
                "collections", "platformdirs", "importlib.metadata", "tomllib"} & mods
    ours = {m for m in mods if m.split(".")[0] in ("envmgr", "plugins", "envmgr_plugins")}
    assert ours <= {"envmgr", "envmgr.cli", "envmgr.cli.main", "envmgr.errors", "envmgr.config",
                    "envmgr.activate", "envmgr.activate.fast", "envmgr.activate.envops"}, ours


def _startup_modules(env=None):
    """What the interpreter itself imports before any envmgr code (site, .pth files)."""
    out = subprocess.run([sys.executable, "-c", "import sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, env=env).stdout
    return set(out.split())


def test_version_imports_almost_nothing(tmp_path):
    mods, proc = _imported(tmp_path, "--version")
    assert proc.returncode == 0
    mods -= _startup_modules()
    assert not {"json", "re", "collections", "typing", "envmgr.config", "envmgr.activate"} & mods
    assert {m for m in mods if m.startswith("envmgr")} <= {"envmgr", "envmgr.cli",
                                                           "envmgr.cli.main", "envmgr.errors"}


def _pyproject():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def test_every_plugin_category_is_packaged():
    packages = set(_pyproject()["tool"]["setuptools"]["packages"])
    for d in sorted((ROOT / "plugins").iterdir()):
        if (d / "__init__.py").exists():
            assert f"envmgr_plugins.{d.name}" in packages, f"add envmgr_plugins.{d.name}"


@pytest.mark.slow
def test_installed_wheel_uses_its_own_builtins_not_a_plugins_dir_in_cwd(tmp_path):
    venv = tmp_path / "venv"
    python = make_venv(venv)
    why = pip_install(python, ROOT)
    assert not why, why
    site = subprocess.run([str(venv / "bin/python"), "-c",
                           "import envmgr_plugins, envmgr; print(envmgr_plugins.__file__)"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert str(venv) in site.stdout, site.stderr
    # installed under its own distribution name, with the envmgr command: bin/envmgr, whose
    # start-up imports nothing but envmgr (pip's entry-point wrapper would import re first)
    name = _pyproject()["project"]["name"]
    meta = subprocess.run([str(python), "-c", "import sys; from importlib.metadata import "
                           "distribution as d; print(d(sys.argv[1]).version)",
                           name], capture_output=True, text=True, cwd=tmp_path)
    assert meta.stdout.strip() == _pyproject()["project"]["version"], meta.stderr
    script = venv / "bin" / "envmgr"
    assert script.read_text().startswith(f"#!{python}")
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                             cwd=tmp_path)
    assert version.stdout.startswith("envmgr "), version.stderr
    imported = subprocess.run([str(python), "-X", "importtime", str(script), "--version"],
                              capture_output=True, text=True, cwd=tmp_path).stderr
    assert not re.search(r"\|\s+re$", imported, re.M), imported
    # a project of the user's with its own plugins/ package: envmgr must not pick it up
    decoy = tmp_path / "work" / "plugins"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("raise ImportError('the user project plugins')\n")
    tool = tmp_path / "bin" / "cmake"
    tool.parent.mkdir()
    tool.write_text("#!/bin/sh\necho 'cmake version 3.31.2'\n")
    tool.chmod(0o755)
    env = dict(os.environ, ENVMGR_HOME=str(tmp_path / "home"))
    env.pop("PYTHONPATH", None)
    r = subprocess.run([str(venv / "bin/python"), "-m", "envmgr", "detect", "cmake",
                        "--no-default-paths", "--search-path", str(tool.parent), "--json"],
                       capture_output=True, text=True, cwd=decoy.parent, env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)[0]["version"] == "3.31.2"
