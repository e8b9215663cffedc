"""The easybuild front-end for real, from an `eb` envmgr installed itself.

One home for the module: `envmgr install easybuild` (pip's easybuild-framework,
-easyblocks and -easyconfigs 5.4.1, checked against PyPI's sha256s) runs once, then every
test drives that `eb` with Lmod from apt:

- EasyBuild's own `bzip2-1.0.8.eb` (SYSTEM toolchain: the system's gcc; its builddependency
  binutils is left to the system with EasyBuild's `--filter-deps`) is built from Debian's
  orig tarball of bzip2 1.0.8, which is upstream's byte for byte, so the easyconfig's
  checksum holds; the built `bzip2` runs, and `envmgr shell` sets what `module load` of the
  module EasyBuild wrote sets, loaded with real Lmod;
- the bzip2 recipe with `--frontend easybuild`, `uninstall` (with and without
  `--keep-build`), a failed build's message, and `eb` killed mid-build;
- the `toy` easyconfig that ships in easybuild-framework's test suite.

The source tarball: ENVMGR_TEST_BZIP2_ORIG (CI downloads it with `apt-get source
--download-only bzip2`, .ci/run), else `apt-get source` here. ENVMGR_TEST_EB_HOME names a
home where `envmgr install easybuild` already ran (to skip the three-minute pip install
while working on these tests). Where something is missing the tests are skipped, saying
what; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LMOD = next((p for p in ("/usr/share/lmod/lmod/libexec/lmod",
                         "/opt/apps/lmod/lmod/libexec/lmod") if os.access(p, os.X_OK)), None)
BZIP2_SHA256 = "ab5a03176ee106d3f0fa90e381da478ddae405918153cca248e682cd0c4a2269"
# what the module of an EasyBuild build sets (and envmgr's shell must set the same way)
MODULE_VARS = ("PATH", "LD_LIBRARY_PATH", "LIBRARY_PATH", "CPATH", "PKG_CONFIG_PATH",
               "CMAKE_PREFIX_PATH", "MANPATH")
CLEAN_PATH = "/usr/bin:/bin"


def _missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run EasyBuild for real, but {why}")
    pytest.skip(why)


class Home:
    """A home shared by this module's tests, and the CLI run in it."""

    def __init__(self, path: Path, config: Path) -> None:
        self.path, self.config = path, config
        self.eb_root = path / "install" / ".eb"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("EASYBUILD_", "ENVMGR_", "EBROOT", "EBVERSION"))}
        env.update(ENVMGR_HOME=str(self.path), ENVMGR_CONFIG_DIR=str(self.config),
                   PYTHONPATH=str(ROOT))
        env.update(extra)
        return env

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "envmgr", *args]

    def run(self, *args: str, timeout: float = 900, **extra: str
            ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.argv(*args), capture_output=True, text=True,
                              env=self.env(**extra), timeout=timeout,
                              stdin=subprocess.DEVNULL)

    def entries(self, soft: str | None = None) -> list[dict]:
        listed = json.loads(self.run("list", "--json").stdout)
        return [e for e in listed if soft is None or e["soft"] == soft]


@pytest.fixture(scope="module")
def eb_home(tmp_path_factory) -> Home:
    """A home with an envmgr-installed EasyBuild (or ENVMGR_TEST_EB_HOME's)."""
    if LMOD is None:
        _missing("Lmod is not here (apt-get install lmod)")
    given = os.environ.get("ENVMGR_TEST_EB_HOME")
    if given:
        home = Home(Path(given), Path(given + "-config"))
    else:
        base = tmp_path_factory.mktemp("eb")
        home = Home(base / "home", base / "config")
    if not home.entries("easybuild"):
        r = home.run("install", "easybuild", timeout=1800)
        if r.returncode != 0:
            _missing(f"`envmgr install easybuild` failed: {r.stderr.strip()[-400:]}")
    return home


@pytest.fixture(scope="module")
def bzip2_sources(tmp_path_factory) -> Path:
    """A source folder as EasyBuild reads it: ``b/bzip2/bzip2-1.0.8.tar.gz``, Debian's orig
    tarball under upstream's name."""
    orig = os.environ.get("ENVMGR_TEST_BZIP2_ORIG")
    if not orig:
        where = tmp_path_factory.mktemp("apt-src")
        got = subprocess.run(["apt-get", "source", "--download-only", "bzip2"], cwd=where,
                             capture_output=True, text=True, timeout=300)
        found = sorted(where.glob("bzip2_1.0.8.orig.tar.*"))
        if got.returncode != 0 or not found:
            _missing("bzip2's Debian source is not here (a deb-src line and `apt-get source "
                     f"--download-only bzip2`, or ENVMGR_TEST_BZIP2_ORIG): {got.stderr[-300:]}")
        orig = str(found[0])
    data = Path(orig).read_bytes()
    assert hashlib.sha256(data).hexdigest() == BZIP2_SHA256, f"{orig} is not bzip2 1.0.8's"
    folder = tmp_path_factory.mktemp("eb-sources")
    (folder / "b" / "bzip2").mkdir(parents=True)
    (folder / "b" / "bzip2" / "bzip2-1.0.8.tar.gz").write_bytes(data)
    return folder


def _bzip2_env(sources: Path, **extra: str) -> dict[str, str]:
    return {"EASYBUILD_SOURCEPATH": str(sources), "EASYBUILD_FILTER_DEPS": "binutils", **extra}


def _eb_entry(home: Home) -> dict:
    [eb] = home.entries("easybuild")
    return eb


def _module_env(home: Home, module: str, base: dict[str, str]) -> dict[str, str]:
    """The environment ``module load`` gives ``base``, with real Lmod."""
    script = 'eval "$("$LMOD_CMD" bash load "$1")" && exec env -0'
    env = {**base, "LMOD_CMD": str(LMOD), "MODULEPATH": str(home.eb_root / "modules/all")}
    out = subprocess.run(["bash", "--norc", "-c", script, "-", module], env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    return dict(item.split("=", 1) for item in out.split("\0") if "=" in item)


def _shell_env(home: Home, tags: str, base: dict[str, str]) -> dict[str, str]:
    env = {**home.env(), **base}
    out = subprocess.run(home.argv("shell", f"--tags={tags}", "--", "env", "-0"), env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    return dict(item.split("=", 1) for item in out.split("\0") if "=" in item)


def _base() -> dict[str, str]:
    """A plain environment: none of the variables a module sets, PATH the system's."""
    keep = {k: v for k, v in os.environ.items()
            if k not in MODULE_VARS and not k.startswith(("EBROOT", "EBVERSION", "EBDEVEL",
                                                          "EASYBUILD_", "ENVMGR_", "LMOD",
                                                          "__LMOD", "_ModuleTable",
                                                          "LOADEDMODULES", "_LMFILES_",
                                                          "MODULEPATH"))}
    keep["PATH"] = CLEAN_PATH
    return keep


# -- the tool itself ---------------------------------------------------------------------

def test_envmgr_installed_eb_runs_in_a_shell_and_from_its_entry_alone(eb_home):
    eb = _eb_entry(eb_home)
    assert eb["version"] == "5.4.1"
    r = eb_home.run("shell", "--tags=easybuild", "--", "eb", "--version", PATH=CLEAN_PATH)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("This is EasyBuild 5.4.1 (framework: 5.4.1, easyblocks: 5.4.1)")
    # what a front-end does: the entry's own variables, no venv on PATH, a PATH whose
    # python3 cannot import easybuild
    exe = os.path.join(eb["paths"]["bin"][0], "eb")
    env = {**_base(), **eb["env"]}
    assert env["EB_PYTHON"] == os.path.join(eb["prefix"], "bin", "python")
    proc = subprocess.run([exe, "--version"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and "EasyBuild 5.4.1" in proc.stdout, proc.stderr


# -- failures, before anything is built ---------------------------------------------------

def test_a_source_that_fails_easybuilds_checksum_is_eb_error_in_full(eb_home, tmp_path):
    bad = tmp_path / "bad-sources"
    (bad / "b" / "bzip2").mkdir(parents=True)
    (bad / "b" / "bzip2" / "bzip2-1.0.8.tar.gz").write_bytes(b"not bzip2's source\n" * 64)
    r = eb_home.run("install", "eb:bzip2-1.0.8.eb", **_bzip2_env(bad))
    assert r.returncode == 1, r.stdout
    assert "Traceback" not in r.stderr
    assert "ERROR:" in r.stderr and "Checksum verification" in r.stderr, r.stderr
    assert "bzip2-1.0.8.tar.gz" in r.stderr
    assert "full log:" in r.stderr, r.stderr
    assert not eb_home.entries("bzip2")
    assert not list((eb_home.path / "install").glob(".staging-*"))


def test_a_failing_build_names_the_command_its_output_and_both_logs(eb_home, bzip2_sources):
    r = eb_home.run("install", "eb:bzip2-1.0.8.eb",
                    **_bzip2_env(bzip2_sources, EASYBUILD_TRY_AMEND="buildopts=CC=no-such-cc"))
    assert r.returncode == 1, r.stdout
    err = r.stderr
    assert "Traceback" not in err
    # EasyBuild's own words, not cut short, the failing command, its output, the logs
    assert "ERROR: Installation of bzip2-1.0.8.eb failed: shell command 'make ...' failed " \
           "with exit code 2 in build step for bzip2-1.0.8.eb" in err, err
    assert "make  -j" in err and "CC=no-such-cc" in err, err
    assert "no-such-cc" in err.split("CC=no-such-cc", 1)[1], err  # make's own complaint
    assert "EasyBuild's log:" in err and "full log:" in err, err
    logs = [ln.split(":", 1)[1].strip() for ln in err.splitlines()
            if ln.strip().startswith(("EasyBuild's log:", "full log:"))]
    assert logs and all(os.path.isfile(p) for p in logs), (logs, err)
    assert not eb_home.entries("bzip2")
    assert not (eb_home.eb_root / "modules" / "all" / "bzip2" / "1.0.8.lua").exists()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_eb_killed_mid_build_leaves_no_entry_no_staging(eb_home, bzip2_sources, sig):
    proc = subprocess.Popen(eb_home.argv("install", "eb:bzip2-1.0.8.eb"),
                            env=eb_home.env(**_bzip2_env(bzip2_sources)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    try:
        eb_pid = _wait_for_eb_building(eb_home, proc)
        os.kill(eb_pid, sig)
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0, out
    assert "Traceback" not in err, err
    assert not eb_home.entries("bzip2")
    assert not list((eb_home.path / "install").glob(".staging-*"))
    assert not list((eb_home.path / "install").glob("bzip2-*"))


def _wait_for_eb_building(home: Home, proc: subprocess.Popen[str]) -> int:
    """The pid of the eb process once it builds (its build folder has bzip2's files)."""
    build = home.eb_root / "build" / "bzip2" / "1.0.8"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        pid = _eb_pid(proc.pid)
        if pid and list(build.glob("*/bzip2-1.0.8/*.o")):
            return pid
        time.sleep(0.05)
    raise AssertionError("eb never got to building bzip2")


def _eb_pid(root: int) -> int | None:
    """The eb (python -m easybuild.main) process below ``root``."""
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                kids = [int(x) for x in f.read().split()]
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().split(b"\0")
        except OSError:
            continue
        if b"easybuild.main" in cmd:
            return pid
        todo += kids
    return None


# -- a real build --------------------------------------------------------------------------

def test_the_bzip2_recipe_builds_with_the_easybuild_frontend(eb_home, bzip2_sources):
    """`install bzip2 --frontend easybuild` with the system's bzip2 left out: EasyBuild
    builds the recipe's easyconfig, configured by config.toml's [frontends.easybuild]."""
    config = eb_home.config / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"""[frontends.easybuild]
sourcepath = ["{bzip2_sources}"]
filter_deps = ["binutils"]
""")
    try:
        args = ("-p", "no:libs.bzip2", "install", "bzip2", "--frontend", "easybuild")
        plan = eb_home.run(*args, "--dry-run")
        assert plan.returncode == 0, plan.stderr
        assert "install bzip2@1.0.8 with easybuild" in plan.stdout
        assert "eb bzip2-1.0.8.eb --robot" in plan.stdout
        r = eb_home.run(*args)
        assert r.returncode == 0, r.stderr
    finally:
        config.unlink()
    prefix = eb_home.eb_root / "software" / "bzip2" / "1.0.8"
    [entry] = eb_home.entries("bzip2")
    assert entry["recipe"] == "bzip2@1.0.8" and entry["prefix"] == str(prefix)
    assert entry["attrs"]["install"]["frontend"] == "easybuild"
    # its smoke test (bin/bzip2 --help, include/bzlib.h) ran against EasyBuild's prefix
    assert (prefix / "include" / "bzlib.h").is_file()
    assert entry["paths"]["bin"] == [str(prefix / "bin")]


def test_a_bad_easybuild_setting_is_one_line_naming_the_key(eb_home, tmp_path):
    config = eb_home.config / "config.toml"
    config.write_text(f'[frontends.easybuild]\nsourcepath = ["{tmp_path / "nowhere"}"]\n')
    try:
        r = eb_home.run("install", "eb:zlib-1.3.1.eb")
    finally:
        config.unlink()
    assert r.returncode != 0
    assert "sourcepath" in r.stderr and str(tmp_path / "nowhere") in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_eb_bzip2_builds_and_the_shell_is_what_module_load_gives(eb_home, bzip2_sources,
                                                                  tmp_path):
    plan = eb_home.run("install", "eb:bzip2-1.0.8.eb", "--dry-run")
    assert plan.returncode == 0, plan.stderr
    assert "install bzip2@1.0.8 with easybuild" in plan.stdout
    assert "eb bzip2-1.0.8.eb --robot" in plan.stdout

    r = eb_home.run("install", "eb:bzip2-1.0.8.eb", **_bzip2_env(bzip2_sources))
    assert r.returncode == 0, r.stderr
    [bz] = [e for e in eb_home.entries("bzip2") if "eb-built" in e["tags"]]
    prefix = eb_home.eb_root / "software" / "bzip2" / "1.0.8"
    assert bz["prefix"] == str(prefix)
    assert bz["attrs"]["easybuild"]["module"] == "bzip2/1.0.8"
    assert (prefix / "bin" / "bzip2").is_file()
    assert (eb_home.eb_root / "modules" / "all" / "bzip2" / "1.0.8.lua").is_file()
    # the module's operations, as Lmod performs them, are recorded in order
    assert ["prepend-path", "LIBRARY_PATH", str(prefix / "lib")] in bz["attrs"]["env_ops"]
    # the entry does not depend on the tools that built it (no eb on a shell's PATH)
    softs = {e["uid"]: e["soft"] for e in eb_home.entries()}
    assert not {softs.get(d) for d in bz["deps"]} & {"easybuild", "lmod"}

    # the built bzip2 runs, from a shell, and round-trips a file
    data = tmp_path / "data.txt"
    data.write_bytes(b"envmgr and EasyBuild\n" * 1000)
    run = eb_home.run("shell", "--tags=bzip2,eb-built", "--", "sh", "-c",
                      f'command -v bzip2 && bzip2 -k "{data}" && bzip2 -dc "{data}.bz2"')
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == str(prefix / "bin" / "bzip2")
    assert run.stdout.split("\n", 1)[1].encode() == data.read_bytes()

    # envmgr's shell sets what `module load bzip2/1.0.8` sets, and nothing of the tool
    base = _base()
    mod = _module_env(eb_home, "bzip2/1.0.8", base)
    shell = _shell_env(eb_home, "bzip2,eb-built", base)
    for var in (*MODULE_VARS, "EBROOTBZIP2", "EBVERSIONBZIP2", "EBDEVELBZIP2"):
        assert shell.get(var) == mod.get(var), var
    assert mod["LIBRARY_PATH"] == str(prefix / "lib")
    assert mod["CMAKE_PREFIX_PATH"] == str(prefix)
    eb = _eb_entry(eb_home)
    assert not any(d.startswith(eb["prefix"]) for d in shell["PATH"].split(":"))
    assert "EB_PYTHON" not in shell

    # a second install is a no-op, and fast
    t0 = time.perf_counter()
    again = eb_home.run("install", "eb:bzip2-1.0.8.eb", **_bzip2_env(bzip2_sources))
    took = time.perf_counter() - t0
    assert again.returncode == 0 and "already installed" in again.stdout, again.stderr
    print(f"repeated install: {took:.2f} s")


def test_uninstall_removes_the_eb_build_once_no_entry_uses_it(eb_home):
    software = eb_home.eb_root / "software" / "bzip2" / "1.0.8"
    module = eb_home.eb_root / "modules" / "all" / "bzip2" / "1.0.8.lua"
    both = eb_home.entries("bzip2")
    assert len(both) == 2, both  # eb:bzip2-1.0.8.eb and the recipe, one build
    first, last = both
    r = eb_home.run("uninstall", first["uid"])
    assert r.returncode == 0, r.stderr
    assert software.is_dir() and module.is_file()  # the other entry still uses them
    kept = eb_home.run("uninstall", last["uid"], "--keep-build")
    assert kept.returncode == 0, kept.stderr
    assert software.is_dir() and module.is_file()
    assert not eb_home.entries("bzip2")


def test_uninstall_says_what_it_removed(eb_home, bzip2_sources):
    r = eb_home.run("install", "eb:bzip2-1.0.8.eb", **_bzip2_env(bzip2_sources))
    assert r.returncode == 0, r.stderr
    [bz] = eb_home.entries("bzip2")
    software = eb_home.eb_root / "software" / "bzip2" / "1.0.8"
    module = eb_home.eb_root / "modules" / "all" / "bzip2" / "1.0.8.lua"
    gone = eb_home.run("uninstall", bz["uid"])
    assert gone.returncode == 0, gone.stderr
    assert str(software) in gone.stdout and str(module) in gone.stdout, gone.stdout
    assert not software.exists() and not module.exists()
    assert not eb_home.entries("bzip2")
    # and it builds again
    r = eb_home.run("install", "eb:bzip2-1.0.8.eb", **_bzip2_env(bzip2_sources))
    assert r.returncode == 0, r.stderr
    assert (software / "bin" / "bzip2").is_file()


def test_dependencies_envmgr_found_on_the_system_are_left_to_it(eb_home, bzip2_sources):
    """No filter configured: the binutils envmgr detected is what bzip2-1.0.8.eb's
    builddependency binutils 2.37 becomes (EasyBuild's --filter-deps), as Spack gets
    externals."""
    found = eb_home.run("detect", "binutils")
    if found.returncode != 0 or not eb_home.entries("binutils"):
        _missing(f"binutils is not detected here: {found.stderr.strip()[-200:]}")
    for e in eb_home.entries("bzip2"):
        assert eb_home.run("uninstall", e["uid"]).returncode == 0
    r = eb_home.run("install", "eb:bzip2-1.0.8.eb", EASYBUILD_SOURCEPATH=str(bzip2_sources))
    assert r.returncode == 0, r.stderr
    [binutils] = eb_home.entries("binutils")
    assert f"EasyBuild leaves binutils/2.37 to the system: binutils {binutils['version']}" \
        in r.stderr, r.stderr
    assert (eb_home.eb_root / "software" / "bzip2" / "1.0.8" / "bin" / "bzip2").is_file()
    assert not (eb_home.eb_root / "software" / "binutils").exists()


# -- the recipes that name an easyconfig ----------------------------------------------------

def test_every_named_easyconfig_is_in_the_installed_easyconfigs(eb_home):
    import tomllib

    eb = _eb_entry(eb_home)
    found = {p.name for p in Path(eb["prefix"]).glob(
        "easybuild/easyconfigs/*/*/*.eb")}
    assert "bzip2-1.0.8.eb" in found
    named = {}
    for path in sorted((ROOT / "recipes").rglob("*.toml")):
        settings = tomllib.loads(path.read_text()).get("frontend", {}).get("settings", {})
        for version, ec in dict(settings.get("easyconfigs", {})).items():
            named[f"{path.stem}@{version}"] = ec
    assert len(named) >= 70
    assert {k: ec for k, ec in named.items() if ec not in found} == {}


# -- toy, from easybuild-framework's test suite --------------------------------------------

@pytest.fixture(scope="module")
def toy(eb_home):
    site = next(Path(_eb_entry(eb_home)["prefix"]).glob("lib/python*/site-packages"))
    framework = site / "test" / "framework"
    ec = next(iter(sorted(framework.glob("easyconfigs/**/toy-0.0.eb"))), None)
    if ec is None:
        _missing(f"easybuild-framework's toy-0.0.eb is not in {site}")
    return framework, ec


def _toy_env(framework: Path, sources: bool = True) -> dict[str, str]:
    env = {"EASYBUILD_INCLUDE_EASYBLOCKS": str(framework / "sandbox/easybuild/easyblocks/*/*.py"),
           "EASYBUILD_ROBOT_PATHS": str(framework / "easyconfigs/test_ecs")}
    if sources:
        env["EASYBUILD_SOURCEPATH"] = str(framework / "sandbox/sources")
    return env


def test_eb_target_builds_toy_and_a_shell_runs_it(eb_home, toy):
    framework, _ec = toy
    env = _toy_env(framework)
    # on a terminal (script(1) gives it one): EasyBuild's `==` step lines, one at a time,
    # on one status line
    argv = shlex.join(eb_home.argv("install", "eb:toy-0.0.eb"))
    r = subprocess.run(["script", "-qec", argv, "/dev/null"], capture_output=True,
                       env=eb_home.env(**env), timeout=900)
    assert r.returncode == 0, r.stdout
    drawn = r.stdout.decode(errors="replace").split("\r\x1b[2K")[1:]
    shown = [text for text in (part.split("\r\n")[0] for part in drawn) if text]
    statuses = [text for text in shown
                if text.startswith(("eb toy-0.0.eb: ", "eb --dry-run toy-0.0.eb: "))]
    assert "eb toy-0.0.eb: building and installing toy/0.0..." in statuses, shown
    assert not any(">>" in text or ": ... (took" in text for text in statuses), statuses
    # the line is cleared before anything else is printed: envmgr's own lines
    assert all(t.startswith(("envmgr: ", "installed toy 0.0")) for t in shown
               if t not in statuses), shown
    [entry] = eb_home.entries("toy")
    prefix = eb_home.eb_root / "software" / "toy" / "0.0"
    assert entry["prefix"] == str(prefix)
    assert entry["paths"]["bin"] == [str(prefix / "bin")]
    assert entry["env"]["EBROOTTOY"] == str(prefix)
    run = eb_home.run("shell", "--tags=toy", "--", "toy")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "I'm a toy, and very proud of it."
    gone = eb_home.run("uninstall", entry["uid"])
    assert gone.returncode == 0, gone.stderr
    assert not prefix.exists()


def test_easybuild_recipe_feeds_eb_sources_from_the_download_cache(eb_home, toy, tmp_path):
    """No EASYBUILD_SOURCEPATH: eb finds toy's tarball and patches only where envmgr put
    them, fetched from a local folder and checked against their sha256."""
    framework, toy_ec = toy
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
    env = {**_toy_env(framework, sources=False), "ENVMGR_RECIPE_PATH": str(recipes)}
    r = eb_home.run("install", "toy", **env)
    assert r.returncode == 0, r.stderr
    [entry] = eb_home.entries("toy")
    assert entry["attrs"]["easybuild"]["module"] == "toy/0.0"
    assert [f["checked"] for f in entry["attrs"]["fetched"]] == [True, True, True]
    fed = eb_home.eb_root / "sources" / "t" / "toy"
    assert sorted(p.name for p in fed.iterdir()) == sorted(files)
    run = eb_home.run("shell", "--tags=toy,eb-test", "--", "toy", **env)
    assert run.returncode == 0 and "I'm a toy" in run.stdout, run.stderr
    assert eb_home.run("uninstall", entry["uid"]).returncode == 0


# -- no eb, bad targets (fast) --------------------------------------------------------------

@pytest.mark.parametrize("target", ["eb:", "eb:bzip2", "eb:bzip2-1.0.8", "eb:-1.0.eb",
                                    "eb:bzip2-x.eb"])
def test_bad_eb_targets_are_one_sentence(cli, home, target):
    r = cli("install", target, "--dry-run")
    assert r.rc == 2 and f"cannot read '{target}'" in r.err and "eb:NAME-VERSION.eb" in r.err
    assert "Traceback" not in r.err


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
