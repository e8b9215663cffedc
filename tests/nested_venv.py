"""Virtual environments built by the tests, inside whatever Python runs pytest (not a test module).

A venv made with ``--system-site-packages`` sees the *base* interpreter's site-packages, not
those of the venv pytest runs in: inside a venv (the README's way of running the tests) it
lacks pluggy, filelock, platformdirs and pytest. So a nested venv is made bare, and the
distributions it needs (envmgr's dependencies, the test extra, pip and setuptools) are
linked into its site-packages from wherever the running interpreter has them: no network, no
build, and nothing else of the parent's (no envmgr, no entry-point plugins) leaks in.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["make_venv", "pip_install", "needed_distributions"]

# besides what pyproject.toml names: the tools a nested venv installs and builds with
_TOOLS = ("pip", "setuptools")


def _pyproject_requirements() -> list[str]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    with open(ROOT / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["test"]]


def _name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return match.group(1) if match else ""


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def needed_distributions() -> list[metadata.Distribution]:
    """The installed distributions a nested venv needs: the closure of envmgr's dependencies,
    the test extra and the tools, as this interpreter has them (extras not followed)."""
    from packaging.requirements import InvalidRequirement, Requirement

    seen: dict[str, metadata.Distribution] = {}
    todo = [*_pyproject_requirements(), *_TOOLS]
    while todo:
        text = todo.pop()
        try:
            req = Requirement(text)
        except InvalidRequirement:
            req = Requirement(_name(text))
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        key = _canonical(req.name)
        if key in seen:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        todo += dist.requires or []
    return list(seen.values())


def _link(dist: metadata.Distribution, site: Path, pth: list[str]) -> None:
    """Make ``dist`` importable in ``site``: a link per top-level name it installed, its
    metadata dir included; a distribution without a file list adds its whole dir instead."""
    files = dist.files
    if not files:
        pth.append(str(dist.locate_file("")))
        return
    tops = {f.parts[0] for f in files if f.parts and f.parts[0] not in ("..", "__pycache__")}
    for top in sorted(tops):
        source = Path(str(dist.locate_file(top)))
        target = site / top
        if source.exists() and not os.path.lexists(target):
            target.symlink_to(source, target_is_directory=source.is_dir())


def make_venv(path: Path, *, link: bool = True) -> Path:
    """A venv at ``path`` from the running interpreter; with ``link``, the distributions of
    :func:`needed_distributions` are there too, and ``bin/pip`` runs the linked pip.
    Returns the venv's python."""
    have_pip = link and any(_canonical(d.metadata["Name"]) == "pip"
                            for d in needed_distributions())
    subprocess.run([sys.executable, "-m", "venv", *(["--without-pip"] if have_pip else []),
                    str(path)], check=True, capture_output=True)
    python = path / "bin" / "python"
    if not link:
        return python
    purelib = subprocess.run(
        [str(python), "-I", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True).stdout.strip()
    site = Path(purelib)
    pth: list[str] = []
    for dist in needed_distributions():
        _link(dist, site, pth)
    if pth:
        (site / "_envmgr_tests_parent.pth").write_text("".join(f"{p}\n" for p in pth))
    if have_pip:
        for name in ("pip", "pip3"):
            script = path / "bin" / name
            script.write_text(f"#!{python}\nimport sys\nfrom pip._internal.cli.main import main\n"
                              "sys.exit(main())\n")
            script.chmod(0o755)
    return python


# what a build leaves in a source tree, and what never belongs in a wheel
_NOT_SOURCE = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__",
                                     ".venv", ".*_cache")


def pip_install(python: Path, project: Path, *, timeout: float = 600) -> str:
    """``pip install --no-deps`` of a copy of ``project`` into ``python``'s venv: '' on
    success, else pip's last words. Offline first (the build backend linked in), then the
    usual way. A copy, because setuptools builds in the source tree: parallel tests would
    share its build/ dir, and stale files there would end up in the wheel."""
    target = python.parent.parent / "src" / project.name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(project, target, ignore=_NOT_SOURCE, symlinks=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--no-deps"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    last = ""
    for extra in (["--no-build-isolation"], []):
        proc = subprocess.run([*pip, *extra, str(target)], capture_output=True, text=True,
                              timeout=timeout, env=env)
        if proc.returncode == 0:
            return ""
        last = (proc.stderr.strip().splitlines() or ["pip failed"])[-1]
    return last
