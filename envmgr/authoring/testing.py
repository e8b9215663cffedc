"""envmgr's pytest plugin for plugin authors (entry point ``pytest11``: ``envmgr``).

Installed with envmgr, so its fixtures are there in every pytest run::

    def test_detected_and_usable(envmgr_run, fake_tool, register_plugin):
        register_plugin("mytool.py")                  # a file, a folder or a module
        fake_tool("mytool", "mytool version 1.4.2\\n")  # prints what the real tool printed
        envmgr_run("detect", "mytool").assert_success()
        r = envmgr_run("shell", "--tags=mytool,v1.4", "--", "mytool", "--version")
        assert "1.4.2" in r.assert_success().out

Fixtures:

- ``envmgr_home``: an empty ``ENVMGR_HOME`` and ``ENVMGR_CONFIG_DIR`` for this test, with
  entry-point autoloading off and no ``ENVMGR_PLUGIN_PATH`` / ``ENVMGR_PLUGINS`` from outside;
- ``fake_path``: a folder of fake executables, first on ``PATH``; ``fake_path(layout)``
  writes a cases-style layout, ``fake_path.tool(...)`` one executable;
- ``fake_tool(name, output, args="--version", exit_code=0)``: one fake executable;
- ``envmgr_run(*args)``: the CLI in this process, returning ``.out``, ``.err``, ``.rc``,
  ``.assert_success()``, ``.json()``; ``envmgr_run.subprocess(*args)`` runs a real
  ``python -m envmgr`` process instead;
- ``register_plugin(target)``: makes a plugin file, folder or module visible to envmgr
  for this test (through ``ENVMGR_PLUGIN_PATH`` or ``ENVMGR_PLUGINS``);
- ``pm``: a plugin host of its own that never autoloads (no entry points, no user
  folders, no ``ENVMGR_PLUGINS``; builtins only when a hook or soft asks for them):
  ``pm.register(plugin, "name", origin="user")``, then ``pm.call("envmgr_...", ...)``
  (through pluggy: ``pm.pm.hook.envmgr_...(...)`` is the same).

And for recorded cases: ``plugin_cases(PLUGIN)`` gives one ``pytest.param`` per case of a
plugin's ``.cases.json``, each with ``.check(tmp_path)`` returning the differences.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from envmgr.authoring import check
from envmgr.authoring.cases import fake_executable, write_layout

__all__ = [
    "EnvmgrHome",
    "FakePath",
    "CliResult",
    "EnvmgrRunner",
    "PluginCase",
    "plugin_cases",
]

# Variables that would leak the user's plugins or an active envmgr shell into a test.
_CLEARED = ("ENVMGR_PLUGIN_PATH", "ENVMGR_PLUGINS", "ENVMGR_TRACE_HOOKS", "ENVMGR_SAVED",
            "ENVMGR_ACTIVE", "ENVMGR_PLUGIN_TIMEOUT")


@dataclass
class EnvmgrHome:
    """The isolated home of one test."""

    path: Path
    config_dir: Path

    @property
    def plugins_dir(self) -> Path:
        """The config dir's ``plugins/`` folder (created on first use)."""
        d = self.config_dir / "plugins"
        d.mkdir(parents=True, exist_ok=True)
        return d

    def write_config(self, text: str) -> Path:
        """Write ``config.toml`` (``disabled_plugins = [...]`` and the like)."""
        self.config_dir.mkdir(parents=True, exist_ok=True)
        path = self.config_dir / "config.toml"
        path.write_text(text)
        return path


class FakePath:
    """A folder of fake executables that print captured output; its ``bin`` is on PATH."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir(parents=True, exist_ok=True)

    def __call__(self, layout: dict[str, Any]) -> Path:
        """Write a cases-style layout (``{"bin/tool": {"outputs": {...}}}``) under the root."""
        write_layout(self.root, layout)
        return self.root

    def tool(self, name: str, output: str = "", args: str = "--version", exit_code: int = 0,
             outputs: dict[str, str] | None = None, dir: str | os.PathLike[str] | None = None
             ) -> Path:
        """A fake ``name`` printing ``output`` when run with ``args`` (``"*"``: any)."""
        folder = Path(dir) if dir is not None else self.bin
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(fake_executable(outputs or {args: output}, exit_code))
        path.chmod(0o755)
        return path


@dataclass
class CliResult:
    """What one envmgr command printed and its exit status."""

    argv: list[str]
    rc: int
    out: str
    err: str

    def assert_success(self) -> CliResult:
        assert self.rc == 0, self._explain("exited with status 0")
        return self

    def assert_failure(self, rc: int | None = None) -> CliResult:
        ok = self.rc != 0 if rc is None else self.rc == rc
        assert ok, self._explain(f"failed (status {rc if rc is not None else 'not 0'})")
        return self

    def json(self) -> Any:
        import json

        return json.loads(self.out)

    def _explain(self, wanted: str) -> str:
        return (f"expected 'envmgr {' '.join(self.argv)}' to have {wanted}, got {self.rc}\n"
                f"--- stdout\n{self.out}--- stderr\n{self.err}")


class _Exec(BaseException):
    """``envmgr shell -- CMD`` ran CMD; carries its exit status (not an Exception, so the
    CLI's error handling lets it through)."""

    def __init__(self, rc: int) -> None:
        self.rc = rc


@dataclass
class EnvmgrRunner:
    """Runs the CLI; ``envmgr_run(...)`` in this process, ``.subprocess(...)`` in a new one."""

    home: EnvmgrHome
    env: dict[str, str] = field(default_factory=dict)
    """Extra variables for every run (set by the test)."""

    def __call__(self, *args: str | os.PathLike[str]) -> CliResult:
        from envmgr.cli.main import main

        argv = [os.fspath(a) for a in args]
        out, err = io.StringIO(), io.StringIO()
        with _patched_environ(self.env), _exec_as_child(out, err), \
                contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main(argv)
            except SystemExit as exc:  # argparse: --help, bad options
                rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except _Exec as exc:
                rc = exc.rc
        return CliResult(argv, rc, out.getvalue(), err.getvalue())

    def subprocess(self, *args: str | os.PathLike[str], env: dict[str, str] | None = None,
                   input: str | None = None, timeout: float = 120) -> CliResult:
        """A real ``python -m envmgr ARGS`` process, with this envmgr first on its path."""
        argv = [os.fspath(a) for a in args]
        full = {**os.environ, **self.env, **(env or {})}
        here = str(Path(__file__).resolve().parents[2])
        full["PYTHONPATH"] = os.pathsep.join(filter(None, [here, full.get("PYTHONPATH")]))
        proc = subprocess.run([sys.executable, "-m", "envmgr", *argv], capture_output=True,
                              text=True, env=full, input=input, timeout=timeout)
        return CliResult(argv, proc.returncode, proc.stdout, proc.stderr)


@contextlib.contextmanager
def _patched_environ(extra: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in extra}
    os.environ.update(extra)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def _exec_as_child(out: io.StringIO, err: io.StringIO) -> Iterator[None]:
    """In-process, ``os.execvpe`` would replace pytest: run the command as a child instead,
    with the same argv and environment, and report its exit status."""
    real = os.execvpe

    def execvpe(file: str, args: Sequence[str], env: Any) -> None:
        proc = subprocess.run([file, *args[1:]], env=env, capture_output=True, text=True)
        out.write(proc.stdout)
        err.write(proc.stderr)
        raise _Exec(proc.returncode)

    os.execvpe = execvpe  # type: ignore[assignment]
    try:
        yield
    finally:
        os.execvpe = real


# -- recorded cases -------------------------------------------------------------------


@dataclass
class PluginCase:
    """One recorded case of a plugin, ready to replay."""

    plugin: str
    soft: Any
    case: dict[str, Any]
    problem: str = ""

    def check(self, root: str | os.PathLike[str]) -> list[str]:
        """Replay the case under ``root`` through the real engine; the differences found."""
        if self.problem:
            return [self.problem]
        return check.run_case(self.soft, self.case, root)


def plugin_cases(plugin: str | os.PathLike[str] | ModuleType) -> list[Any]:
    """``pytest.param``s, one per recorded case of ``plugin`` (a file, a module or its name)."""
    module = check.load_module(plugin)
    where = getattr(module, "__name__", str(plugin))
    cases, problems = check.module_cases(module)
    params = [pytest.param(PluginCase(where, soft, case), id=f"{case.get('soft')}[{i}]")
              for i, (soft, case) in enumerate(cases)]
    params += [pytest.param(PluginCase(where, None, {}, p), id=f"problem{i}")
               for i, p in enumerate(problems)]
    return params


# -- fixtures ---------------------------------------------------------------------------


def _importable(module: ModuleType) -> str:
    """A module's name if other processes can import it by name, else its file."""
    import importlib.util

    try:
        if importlib.util.find_spec(module.__name__) is not None:
            return module.__name__
    except (ImportError, ValueError):
        pass
    return str(module.__file__)


@pytest.fixture
def envmgr_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> EnvmgrHome:
    """An empty home and config dir for this test; no outside plugins are loaded."""
    home = EnvmgrHome(tmp_path / "envmgr-home", tmp_path / "envmgr-config")
    monkeypatch.setenv("ENVMGR_HOME", str(home.path))
    monkeypatch.setenv("ENVMGR_CONFIG_DIR", str(home.config_dir))
    monkeypatch.setenv("ENVMGR_DISABLE_PLUGIN_AUTOLOAD", "1")
    for var in _CLEARED:
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def fake_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePath:
    """A folder of fake executables whose ``bin`` comes first on PATH."""
    fp = FakePath(tmp_path / "fake")
    monkeypatch.setenv("PATH", os.pathsep.join(filter(None, [str(fp.bin), os.environ.get("PATH")])))
    return fp


@pytest.fixture
def fake_tool(fake_path: FakePath) -> Any:
    """``fake_tool(name, output, args="--version", exit_code=0)`` → the fake's path."""
    return fake_path.tool


@pytest.fixture
def envmgr_run(envmgr_home: EnvmgrHome) -> EnvmgrRunner:
    """Run envmgr in the test's home: ``envmgr_run("detect", "cmake").assert_success()``."""
    return EnvmgrRunner(envmgr_home)


@pytest.fixture
def pm(envmgr_home: EnvmgrHome) -> Any:
    """A :class:`envmgr.plugin.host.Host` in this test's home that never autoloads."""
    from envmgr.catalog.core import Catalog
    from envmgr.config import load_config
    from envmgr.plugin.host import Host

    config = load_config(str(envmgr_home.path), str(envmgr_home.config_dir))
    return Host(config, catalog=Catalog(config, external=False))


@pytest.fixture
def register_plugin(envmgr_home: EnvmgrHome, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``register_plugin(target)``: a plugin file or folder (put on ENVMGR_PLUGIN_PATH) or a
    module or module name (put in ENVMGR_PLUGINS) is loaded by envmgr runs in this test."""

    def register(target: str | os.PathLike[str] | ModuleType) -> None:
        if isinstance(target, ModuleType):
            target = _importable(target)
        if os.path.exists(target):
            path = str(Path(target).resolve())
            old = os.environ.get("ENVMGR_PLUGIN_PATH", "")
            monkeypatch.setenv("ENVMGR_PLUGIN_PATH", os.pathsep.join(filter(None, [path, old])))
            return
        old = os.environ.get("ENVMGR_PLUGINS", "")
        monkeypatch.setenv("ENVMGR_PLUGINS", ",".join(filter(None, [old, str(target)])))

    return register
