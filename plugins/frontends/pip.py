"""The ``pip`` front-end: a virtual environment of a detected Python, filled from outside.

The venv is made with the Python the recipe depends on (``[[dependencies]] tags =
["python"]``), ``python -m venv --without-pip``, and filled by a driver outside it:
``uv pip install --python VENV/bin/python`` where ``uv`` is on PATH (much faster), else
``python -m pip --python VENV/bin/python install`` with the pip of envmgr's own Python.
Nothing is ever installed with ``--prefix`` or ``--target`` into an interpreter's own
site. When the recipe's sources give sha256 checksums, pip first installs the recipe's
own distribution alone with ``--require-hashes`` and those hashes (any one of them may
match: one per wheel of each platform), then, unless ``no_deps``, its dependencies from
the index.

Settings (``[frontend.settings]``):

- ``requirements = ["six==1.16.0"]``: what to install (default: ``<package>==<version>``);
- ``package = "six"``: the distribution's name (default: the recipe name without ``py-``);
- ``no_deps = true``: install without dependencies;
- ``index_url = "https://download.pytorch.org/whl/cpu"``: the index to read instead of
  the configured one (a build published on its own index, such as torch's CPU wheels);
- ``driver = "pip"`` or ``"uv"``: force one driver.

The install makes an entry for the venv's interpreter (soft ``python``), the recipe's
entry, and one entry per other distribution pip installed, each depending on the venv's
interpreter, so that ``envmgr shell --tags=py-six -- python -c 'import six'`` runs the
venv's Python.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envmgr.install.frontend import BuildContext, Companion, Frontend, Provided, relocate
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.install.recipe import Build
    from envmgr.plugin.collectors import Frontends

__all__ = ["PipFrontend", "envmgr_register_frontends", "normalize"]


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares it (``Foo_Bar`` → ``foo-bar``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


class PipFrontend(Frontend):
    """A venv per install, filled by uv or an outside pip."""

    name = "pip"
    how_to_get = ("install uv (https://docs.astral.sh/uv/) or give envmgr's Python pip "
                  "(python -m ensurepip)")

    def available(self, context: BuildContext) -> str | None:
        if context.which("uv") or importlib.util.find_spec("pip") is not None:
            return None
        return "neither uv nor a pip for envmgr's own Python is here"

    def install(self, build: Build, staging: Path, context: BuildContext) -> Provided:
        from envmgr.install.errors import InstallError

        py = context.dep("python")
        if py is None:
            raise InstallError(f"recipe {build.name} uses the pip front-end but depends on no "
                               "python", 'add [[dependencies]] tags = ["python"]')
        base = py.executable or str(Path(py.prefix, "bin", "python3"))
        _run([base, "-m", "venv", "--without-pip", str(staging)], "making the venv",
             build.name)
        venv_py = staging / "bin" / "python"
        settings = build.settings
        package = str(settings.get("package") or re.sub(r"^py-", "", build.name))
        reqs = [str(r) for r in settings.get("requirements", ())] or [
            f"{package}=={build.version}" if settings.get("pinned", True) else package]
        hashed = _hashes_by_requirement(reqs, build.sources)
        index = [f"--index-url={settings['index_url']}"] if settings.get("index_url") else []
        no_deps = bool(settings.get("no_deps"))
        runs: list[list[str]] = []
        if hashed:
            # the hashed requirements alone first, with --require-hashes and no deps (hash
            # mode would want a hash for every dependency too); then the rest from the index
            req_file = staging / ".envmgr-requirements.txt"
            req_file.write_text("".join(
                r + "".join(f" --hash={h}" for h in hashed[r]) + "\n" for r in hashed))
            runs.append(["--require-hashes", "--no-deps", "-r", str(req_file)])
        rest = reqs if not no_deps else [r for r in reqs if r not in hashed]
        if not hashed or rest:
            runs.append([*rest, *(["--no-deps"] if no_deps else [])])
        driver = str(settings.get("driver") or ("uv" if context.which("uv") else "pip"))
        uv = context.which("uv") if driver == "uv" else None
        context.note(f"{'uv' if uv else 'pip'} installs {' '.join(reqs)} into the venv")
        for args in runs:
            if uv:
                cmd = [uv, "pip", "install", "--python", str(venv_py), *index, *args]
            else:
                cmd = [sys.executable, "-m", "pip", "--python", str(venv_py), "install",
                       "--no-input", "--disable-pip-version-check", *index, *args]
            _run(cmd, "installing " + " ".join(reqs), build.name)
        (staging / ".envmgr-requirements.txt").unlink(missing_ok=True)
        dists = _distributions(staging)
        relocate(staging, context.prefix, ["bin"], ["pyvenv.cfg"])
        pyver = _python_version(staging) or py.version
        short = ".".join(pyver.split(".")[:2])
        site = _site(staging, context.prefix)
        venv = Companion(
            soft="python", version=py.version, category=py.category or "lang",
            tags=["lang-python", "venv", *(t for t in ("python3", "cpython") if t in py.tags)],
            paths={"bin": ["bin"]},
            attrs={"executable": "bin/python", "venv": True, "base_python": py.uid,
                   "base_executable": base},
        )
        main = normalize(package)
        own: dict[str, Any] = {}
        extra: list[Companion] = []
        version = None
        for name, ver in dists:
            if normalize(name) == main:
                own = {"dist": name, "python": short, "site": site}
                version = ver
                continue
            extra.append(Companion(
                soft=f"py-{normalize(name)}", version=ver, category="python-package",
                tags=[f"py{short}", f"py{short.split('.')[0]}"],
                attrs={"dist": name, "python": short, "site": site}))
        if not own:
            raise InstallError(f"pip installed {', '.join(n for n, _ in dists) or 'nothing'} "
                               f"but not {package}",
                               "set frontend.settings.package to the distribution's name")
        return Provided(paths={"bin": ["bin"]}, attrs=own, companions=[venv], extra=extra,
                        version=None if settings.get("pinned", True) else version)


def _hashes_by_requirement(reqs: list[str], sources: Any) -> dict[str, list[str]]:
    """Requirement → the ``sha256:…`` of the sources that are its files (a wheel or sdist
    file name starts with the distribution's name); a source no requirement claims goes
    with the first. Requirements without a source are absent."""
    out: dict[str, list[str]] = {}
    names = [(r, normalize(re.split(r"[\s=<>!~;\[@]", r, maxsplit=1)[0])) for r in reqs]
    for src in sources:
        if not src.checksum or src.checksum[0] != "sha256":
            continue
        file = normalize(src.filename or src.url.rsplit("/", 1)[-1])
        owner = next((r for r, n in names if file.startswith(n + "-")), reqs[0])
        out.setdefault(owner, []).append(f"sha256:{src.checksum[1]}")
    return out


def _site(staging: Path, prefix: Path) -> str:
    for found in sorted((staging / "lib").glob("python*/site-packages")):
        return str(prefix / found.relative_to(staging))
    return ""


def _python_version(staging: Path) -> str | None:
    try:
        text = (staging / "pyvenv.cfg").read_text()
    except OSError:
        return None
    m = re.search(r"^version(?:_info)?\s*=\s*(\S+)", text, re.MULTILINE)
    return m.group(1) if m else None


def _distributions(staging: Path) -> list[tuple[str, str]]:
    """(Name, Version) of every distribution in the venv's site-packages."""
    out = []
    for meta in sorted(staging.glob("lib/python*/site-packages/*.dist-info/METADATA")):
        head = meta.read_text(errors="replace").split("\n\n", 1)[0]
        name = re.search(r"^Name:\s*(\S+)", head, re.MULTILINE)
        ver = re.search(r"^Version:\s*(\S+)", head, re.MULTILINE)
        if name and ver:
            out.append((name.group(1), ver.group(1)))
    return out


def _run(cmd: list[str], what: str, recipe: str) -> None:
    from envmgr.install.errors import InstallError

    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the venv must not see envmgr's own path
    env.pop("VIRTUAL_ENV", None)
    env["PIP_NO_INPUT"] = "1"
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env,
                              stdin=subprocess.DEVNULL, timeout=1800)
    except FileNotFoundError:
        raise InstallError(f"{what} for {recipe} failed: {cmd[0]} was not found") from None
    except subprocess.TimeoutExpired:
        raise InstallError(f"{what} for {recipe} ran past 30 minutes") from None
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stderr or proc.stdout).strip().splitlines() if ln.strip()]
        why = next((ln.strip() for ln in reversed(lines) if "ERROR" in ln), None) \
            or (lines[-1].strip() if lines else f"exit status {proc.returncode}")
        raise InstallError(f"{what} for {recipe} failed: {why[:300]}")


@hookimpl
def envmgr_register_frontends(frontends: Frontends) -> None:
    """Add the pip front-end."""
    frontends.add("pip", PipFrontend())
