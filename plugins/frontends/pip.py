"""The ``pip`` front-end: a virtual environment of a detected Python, filled by a driver
that can run that Python.

The venv is made with the Python the recipe depends on (``[[dependencies]] tags =
["python"]``; never envmgr's own venv), ``python -m venv --without-pip``, then filled by
the first driver that fits the target interpreter (``--dry-run`` names it):

1. ``uv pip install --python VENV/bin/python`` where ``uv`` is on PATH (the fastest);
2. the pip the target Python ships (``ensurepip``'s bundled wheel, which by construction
   runs on that Python), unpacked once into ``<home>/cache/pip-bundled`` and run by the
   venv's interpreter, so the venv gets no pip of its own;
3. where the target has no bundled pip, ``python -m venv`` with ``ensurepip`` and the
   venv's own ``python -m pip``;
4. the pip of envmgr's own Python through ``pip --python VENV/bin/python``, only when that
   pip's version supports the target's minor version (:func:`pip_supports`): pip 23.0
   cannot run under Python 3.12, for one.

No driver that fits is one error saying which Python and why. Nothing is ever installed
with ``--prefix`` or ``--target`` into an interpreter's own site. When the recipe's
sources give sha256 checksums, pip first installs the recipe's own distribution alone
with ``--require-hashes`` and those hashes (any one of them may match: one per wheel of
each platform), then, unless ``no_deps``, its dependencies from the index. pip reads its
own configuration (``pip config list``: index, extra indexes, find-links); uv reads its
own.

Settings (``[frontend.settings]``):

- ``requirements = ["six==1.16.0"]``: what to install (default: ``<package>==<version>``);
- ``package = "six"``: the distribution's name (default: the recipe name without ``py-``);
- ``no_deps = true``: install without dependencies;
- ``index_url = "https://download.pytorch.org/whl/cpu"``: the index to read instead of
  the configured one (a build published on its own index, such as torch's CPU wheels);
- ``driver = "pip"`` or ``"uv"``: force one driver (``pip``: the first of 2-4 that fits).

The install makes an entry for the venv's interpreter (soft ``python``), the recipe's
entry, and one entry per other distribution pip installed, each depending on the venv's
interpreter, so that ``envmgr shell --tags=py-six -- python -c 'import six'`` runs the
venv's Python.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envmgr.install.frontend import BuildContext, Companion, Frontend, Provided, relocate
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.install.recipe import Build
    from envmgr.plugin.collectors import Frontends
    from envmgr.store.entry import Entry

__all__ = ["PipFrontend", "envmgr_register_frontends", "normalize", "pip_supports",
           "Driver", "choose_driver"]

HOW_TO_GET = ("install uv (https://docs.astral.sh/uv/), or a Python that ships ensurepip "
              "(python3-venv on Debian), or a newer pip for envmgr's own Python")
_TIMEOUT = 1800.0

#: the oldest pip that runs under each Python minor version (``pip --python`` runs this
#: pip's code under the target): pip 23.0 fails under 3.12 (``pkgutil.ImpImporter``)
_Minor = tuple[int, ...]
_MIN_PIP: dict[_Minor, _Minor] = {(3, 12): (23, 2), (3, 13): (24, 1), (3, 14): (25, 1)}
#: the newest pip (exclusive) each old Python minor version can run
_MAX_PIP: dict[_Minor, _Minor] = {(3, 6): (22, 0), (3, 7): (24, 1), (3, 8): (25, 1)}
#: ``pip --python`` came with pip 22.3
_PIP_PYTHON_OPTION = (22, 3)


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares it (``Foo_Bar`` → ``foo-bar``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _ints(version: str, n: int) -> tuple[int, ...]:
    parts = re.findall(r"\d+", version)[:n]
    return tuple(int(p) for p in parts) + (0,) * (n - len(parts))


def pip_supports(pip_version: str, python_version: str) -> str | None:
    """None when pip ``pip_version`` can drive Python ``python_version`` through
    ``pip --python``, else why not (one clause)."""
    pip = _ints(pip_version, 2)
    minor = _ints(python_version, 2)
    if pip < _PIP_PYTHON_OPTION:
        return f"pip {pip_version} has no --python option (pip 22.3 added it)"
    newest = max(_MIN_PIP)
    if minor > newest:
        return f"pip {pip_version} is not known to run under Python {minor[0]}.{minor[1]}"
    need = _MIN_PIP.get(minor)
    if need is not None and pip < need:
        return (f"pip {pip_version} cannot run under Python {minor[0]}.{minor[1]} (that "
                f"needs pip {need[0]}.{need[1]} or newer)")
    cap = _MAX_PIP.get(minor)
    if cap is not None and pip >= cap:
        return f"pip {pip_version} no longer runs under Python {minor[0]}.{minor[1]}"
    if minor < min(_MAX_PIP):
        return f"Python {minor[0]}.{minor[1]} is older than any pip envmgr drives"
    return None


@dataclass(frozen=True)
class Driver:
    """What fills the venv: ``kind`` (``uv``, ``bundled pip``, ``venv pip``, ``envmgr's
    pip``), the command that precedes ``install ARGS`` (with ``{venv}`` standing for
    the venv's python), whether the venv needs its own pip (ensurepip) and the plan note."""

    kind: str
    argv: tuple[str, ...]
    with_pip: bool
    note: str
    #: the bundled pip wheel (``bundled pip``)
    wheel: str = ""


def _bundled_pip(base: str, short: str) -> Path | None:
    """The pip wheel the target Python ships for ensurepip (the newest there is):
    ``<prefix>/lib/pythonX.Y/ensurepip/_bundled``, or Debian's
    ``/usr/share/python-wheels`` for a Python of /usr."""
    real = Path(os.path.realpath(base))
    prefix = real.parent.parent
    places = [prefix / "lib" / f"python{short}" / "ensurepip" / "_bundled"]
    if str(prefix) == "/usr":
        places.append(Path("/usr/share/python-wheels"))
    found = [w for place in places for w in place.glob("pip-*-py3-none-any.whl")]
    found = [w for w in found if w.is_file()]
    if not found:
        return None
    return max(found, key=lambda w: _ints(w.name.split("-")[1], 3))


def _has_ensurepip(base: str, short: str) -> bool:
    prefix = Path(os.path.realpath(base)).parent.parent
    return (prefix / "lib" / f"python{short}" / "ensurepip" / "__init__.py").is_file()


def _envmgr_pip() -> str | None:
    """The version of the pip envmgr's own Python imports, or None."""
    try:
        from importlib.metadata import version

        return version("pip")
    except Exception:  # noqa: BLE001 - no pip, or broken metadata: none
        return None


def choose_driver(base: str, python_version: str, *, uv: str | None, forced: str | None,
                  cache: Path) -> Driver | str:
    """The driver for a venv of Python ``base`` (version ``python_version``), or why none
    fits (see the module docstring)."""
    short = ".".join(python_version.split(".")[:2])
    if forced not in (None, "", "uv", "pip"):
        return f"frontend.settings.driver is '{forced}', not 'uv' or 'pip'"
    if forced == "uv" and not uv:
        return "frontend.settings.driver is 'uv', but uv is not on PATH"
    if uv and forced != "pip":
        return Driver("uv", (uv, "pip", "install", "--python", "{venv}"), False,
                      f"driver: uv ({uv}) installs into a venv of Python {python_version}")
    why = []
    wheel = _bundled_pip(base, short)
    if wheel is not None:
        unpacked = cache / wheel.name[:-len(".whl")]
        return Driver("bundled pip", ("{venv}", str(unpacked / "pip"), "install"), False,
                      f"driver: {wheel.name[:-4].split('-py3')[0].replace('-', ' ')}, "
                      f"which Python {short} ships (ensurepip), run by the venv's "
                      "interpreter", str(wheel))
    if _has_ensurepip(base, short):
        return Driver("venv pip", ("{venv}", "-m", "pip", "install"), True,
                      f"driver: the venv's own pip (python{short} -m venv with ensurepip)")
    why.append(f"Python {short} ships no pip (ensurepip)")
    mine = _envmgr_pip()
    if mine is not None:
        refused = pip_supports(mine, python_version)
        if refused is None:
            return Driver("envmgr's pip", (sys.executable, "-m", "pip", "--python", "{venv}",
                                           "install"), False,
                          f"driver: envmgr's own pip {mine} (pip --python), which supports "
                          f"Python {short}")
        why.append(f"envmgr's {refused}")
    else:
        why.append("envmgr's Python has no pip")
    return "no pip can install into Python " + python_version + ": " + "; ".join(why)


def _unpack(wheel: Path, into: Path) -> None:
    """Unpack ``wheel`` once into ``into`` (atomically: another install may be doing the
    same); Python writes pip's byte code beside it on first use."""
    import shutil
    import zipfile

    if (into / "pip" / "__main__.py").is_file():
        return
    tmp = into.with_name(f".{into.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        with zipfile.ZipFile(wheel) as z:
            z.extractall(tmp)
        os.rename(tmp, into)
    except OSError:
        if not (into / "pip" / "__main__.py").is_file():  # not another process's win
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class PipFrontend(Frontend):
    """A venv per install, filled by a driver that can run its Python."""

    name = "pip"
    how_to_get = HOW_TO_GET

    def available(self, context: BuildContext) -> str | None:
        return None  # decided per target Python in install(), which says why

    def plan_notes(self, build: Build, deps: Sequence[Entry] = ()) -> list[str]:
        """The driver the install would use for the Python the plan picked."""
        import shutil

        py = next((d for d in deps if d.soft in ("python", "pypy") or "python" in d.tags),
                  None)
        if py is None:
            return []
        base = py.executable or str(Path(py.prefix, "bin", "python3"))
        got = choose_driver(base, py.version, uv=shutil.which("uv"),
                            forced=build.settings.get("driver"), cache=Path("."))
        return [got.note if isinstance(got, Driver) else f"cannot be installed: {got}"]

    def install(self, build: Build, staging: Path, context: BuildContext) -> Provided:
        from envmgr.install.errors import InstallError

        py = context.dep("python")
        if py is None:
            raise InstallError(f"recipe {build.name} uses the pip front-end but depends on no "
                               "python", 'add [[dependencies]] tags = ["python"]')
        base = py.executable or str(Path(py.prefix, "bin", "python3"))
        cache = context.home / "cache" / "pip-bundled"
        driver = choose_driver(base, py.version, uv=context.which("uv"),
                               forced=build.settings.get("driver"), cache=cache)
        if not isinstance(driver, Driver):
            raise InstallError(f"cannot install {build.name}@{build.version}: {driver}",
                               HOW_TO_GET)
        if driver.wheel:
            _unpack(Path(driver.wheel), Path(driver.argv[1]).parent)
        env = context.tool_env()
        for var in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV",
                    "PIP_PYTHON", "PYTHONSTARTUP"):
            env.pop(var, None)  # the venv must not see envmgr's own path
        env["PIP_NO_INPUT"] = "1"
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        context.run([base, "-m", "venv", *([] if driver.with_pip else ["--without-pip"]),
                     str(staging)], what="making the venv", env=env, cwd=staging,
                    timeout=600)
        venv_py = staging / "bin" / "python"
        before = set(_distributions(staging))
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
        context.note(f"{driver.kind} installs {' '.join(reqs)} into the venv")
        head = [str(venv_py) if a == "{venv}" else a for a in driver.argv]
        quiet = [] if driver.kind == "uv" else ["--no-input", "--disable-pip-version-check"]
        for args in runs:
            context.run([*head, *quiet, *index, *args], what="installing " + " ".join(reqs),
                        env=env, cwd=staging, timeout=_TIMEOUT,
                        cause=_uv_cause if driver.kind == "uv" else None)
        (staging / ".envmgr-requirements.txt").unlink(missing_ok=True)
        dists = [d for d in _distributions(staging) if d not in before]
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
                own = {"dist": name, "python": short, "site": site, "driver": driver.kind}
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


def _uv_cause(lines: Sequence[str]) -> str | None:
    """uv's reason: its last ``error:`` (``×`` on a terminal) line, with the ``cause:``
    (``╰─▶``) explanation under it."""
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].strip()
        if text.startswith(("error:", "×")):
            head = text.removeprefix("error:").lstrip("× ").strip()
            more = [ln.strip().removeprefix("cause:").lstrip("╰─▶").strip()
                    for ln in lines[i + 1:i + 3]
                    if ln.strip().startswith(("cause:", "╰─▶"))]
            return ": ".join([head, *more])
    return None


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



@hookimpl
def envmgr_register_frontends(frontends: Frontends) -> None:
    """Add the pip front-end."""
    frontends.add("pip", PipFrontend())
