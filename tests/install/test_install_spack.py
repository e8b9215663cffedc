"""The spack front-end, against a stand-in ``spack`` that replays real Spack 1.1.0 output
(spack_stand_in.py, data/spack-1.1.0/), and against the real one where ENVMGR_TEST_SPACK
names its ``bin/spack``.

What the stand-in proves is what envmgr does with Spack's answers: the configuration it
writes, the calls it makes, where the entry and its smoke test look, the environment of
``envmgr shell``, uninstall, and how real failures read. That Spack accepts that
configuration and builds offline is proven by test_real_spack (ENVMGR_TEST_SPACK).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

HERE = Path(__file__).parent
DATA = HERE / "data" / "spack-1.1.0"
META = json.loads((DATA / "captures.json").read_text())
BZIP2_HASH = META["bzip2_hash"]


def install_stand_in(folder: Path) -> Path:
    """The stand-in as ``folder/bin/spack``, run by this Python."""
    bindir = folder / "bin"
    bindir.mkdir(parents=True, exist_ok=True)
    text = (HERE / "spack_stand_in.py").read_text().replace(
        "os.path.dirname(os.path.realpath(__file__))", repr(str(HERE)))
    exe = bindir / "spack"
    exe.write_text(f"#!{sys.executable}\n{text}")
    exe.chmod(0o755)
    return exe


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    """A stand-in Spack at <tmp>/spack/bin/spack; returns (PATH with it first, its log)."""
    monkeypatch.delenv("SPACK_ROOT", raising=False)
    exe = install_stand_in(tmp_path / "spack")
    log = tmp_path / "spack-log"
    monkeypatch.setenv("STAND_IN_LOG", str(log))
    return f"{exe.parent}{os.pathsep}{os.environ.get('PATH', '')}", log


def spack_config(config_dir: Path, **keys: list[str]) -> None:
    """Write ``[frontends.spack]`` into config.toml."""
    config_dir.mkdir(parents=True, exist_ok=True)
    lines = ["[frontends.spack]"] + [f"{k} = {json.dumps(v)}" for k, v in keys.items()]
    (config_dir / "config.toml").write_text("\n".join(lines) + "\n")


def a_repo(folder: Path, namespace: str = "builtin") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "repo.yaml").write_text(f"repo:\n  namespace: {namespace}\n  api: v2.2\n")
    return folder


def _logs(log: Path, what: str) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(log.glob(f"*-{what}.json"))]


def _left_behind(home: Path) -> list[str]:
    install = home / "install"
    return sorted(p.name for p in install.iterdir() if p.name not in (".spack", ".locks")) \
        if install.is_dir() else []


def _entries(cli, soft: str) -> list[dict]:
    return [e for e in cli("list", "--json").json() if e["soft"] == soft]


def _tree_sums(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.fixture
def configured(cli, home, tmp_path, stand_in):
    """A home with the stand-in, a repo and a mirror in [frontends.spack], and gcc, make
    and diffutils detected (what the front-end hands Spack as externals)."""
    path, log = stand_in
    repo, mirror = a_repo(tmp_path / "site" / "builtin"), tmp_path / "site" / "mirror"
    mirror.mkdir()
    spack_config(Path(os.environ["ENVMGR_CONFIG_DIR"]), repos=[str(repo)], mirrors=[str(mirror)])
    env = {"PATH": path}
    assert cli("detect", "spack", "gcc", "make", "diffutils", env=env).rc == 0
    return env, log, repo, mirror


def test_bzip2_through_spack_is_configured_by_envmgr_and_tested_in_spacks_prefix(
        cli, home, tmp_path, configured):
    env, log, repo, mirror = configured
    download_mirror = tmp_path / "download-mirror"
    download_mirror.mkdir()
    stand_in_tree = Path(env["PATH"].split(os.pathsep)[0]).parent
    before = _tree_sums(stand_in_tree)

    r = cli("-p", "no:libs.bzip2", "install", "bzip2", "--frontend", "spack", "--mirror",
            str(download_mirror), env=env, timeout=300)
    assert r.rc == 0, r.err
    [bz] = _entries(cli, "bzip2")
    store = home / "install" / ".spack" / "store"
    prefix = store / "linux-icelake" / f"bzip2-1.0.8-{BZIP2_HASH}"
    # the entry is Spack's prefix; envmgr's folder keeps spec.json and a link
    assert bz["prefix"] == str(prefix) and bz["attrs"]["spack"]["hash"] == BZIP2_HASH
    folder = Path(bz["attrs"]["install"]["folder"])
    assert folder.parent == home / "install" and folder != prefix
    assert os.readlink(folder / "spack-prefix") == str(prefix)
    assert json.loads((folder / "spec.json").read_text())["spec"]["nodes"][0]["hash"] == \
        BZIP2_HASH
    # the recipe's smoke test passed there: include/bzlib.h and bin/bzip2 as Spack lays
    # them out (data/spack-1.1.0/prefix-bzip2.txt)
    assert (prefix / "include" / "bzlib.h").is_file() and (prefix / "bin" / "bzip2").is_file()
    assert bz["paths"]["bin"] == [str(prefix / "bin")]

    # one Spack process, as `spack install` by hand; the prefix from its "[+]" line
    assert [c["argv"][2:] for c in _logs(log, "install")] == [
        ["install", "--fail-fast", "bzip2@1.0.8"]]
    assert _logs(log, "spec") == [] and _logs(log, "location") == []
    spack_dir = home / "install" / ".spack"
    for call in _logs(log, "install"):
        assert call["argv"][:2] == ["-C", str(spack_dir / "config")]
        # Spack's writable scopes and caches are envmgr's, its own etc/ is never written
        assert call["env"]["SPACK_USER_CONFIG_PATH"] == str(spack_dir / "user")
        assert call["env"]["SPACK_SYSTEM_CONFIG_PATH"] == str(spack_dir / "system")
        assert call["env"]["SPACK_USER_CACHE_PATH"] == str(spack_dir / "user-cache")
        assert "SPACK_DISABLE_LOCAL_CONFIG" not in call["env"]

    # envmgr's scope: the store, the config's repo under its namespace and its mirror;
    # the download mirror is not a Spack mirror
    [cfg] = sorted(log.glob("*-config"))[:1]
    assert f'root: "{store}"' in (cfg / "config.yaml").read_text()
    assert (cfg / "repos.yaml").read_text() == f'repos:\n  "builtin": "{repo}"\n'
    mirrors = (cfg / "mirrors.yaml").read_text()
    assert mirror.resolve().as_uri() in mirrors and str(download_mirror) not in mirrors
    # externals: what was detected, the system's default compiler first
    packages = (cfg / "packages.yaml").read_text()
    assert "  gmake:\n    externals:\n    - spec: \"gmake@" in packages
    assert "  diffutils:\n" in packages and "c: [gcc" in packages
    default = subprocess.run(["gcc", "-dumpfullversion"], capture_output=True,
                             text=True).stdout.strip()
    assert f'  gcc:\n    version: ["{default}"' in packages, packages
    assert stand_in_tree.is_dir() and _tree_sums(stand_in_tree) == before

    # the environment is what Spack's module sets for it (data/spack-1.1.0/load-bzip2.sh,
    # `spack load --sh` of the real build): the prefix's bin, pkgconfig and man, the
    # prefix on CMAKE_PREFIX_PATH; no LD_LIBRARY_PATH, nothing of Spack itself
    run = cli("shell", "--tags=bzip2", "--", sys.executable, "-c",
              "import json, os; print(json.dumps(dict(os.environ)))", env=env)
    assert run.rc == 0, run.err
    got = json.loads(run.out)
    loaded = _spack_load(prefix)
    for var in ("PATH", "PKG_CONFIG_PATH", "CMAKE_PREFIX_PATH"):
        mine = [d for d in got.get(var, "").split(":") if d.startswith(str(prefix))]
        assert dict.fromkeys(mine) == dict.fromkeys(loaded[var]), var
    assert bz["attrs"]["env_ops"] == [["prepend-path", "MANPATH", str(prefix / "man")]]
    assert loaded["MANPATH"] == [str(prefix / "man")]
    assert not any(str(prefix) in got.get(v, "") for v in ("LD_LIBRARY_PATH", "CPATH"))
    assert "SPACK_ROOT" not in got or "SPACK_ROOT" in os.environ
    assert not any(str(stand_in_tree) in d for d in got["PATH"].split(":")
                   if d not in env["PATH"].split(":"))

    # a repeated install is the registry's answer
    start = time.monotonic()
    again = cli("-p", "no:libs.bzip2", "install", "bzip2", "--frontend", "spack", env=env)
    assert again.rc == 0 and "already installed" in again.out, again.err
    assert time.monotonic() - start < 5 and len(_logs(log, "install")) == 1

    # uninstall removes Spack's build too, and says so
    gone = cli("uninstall", bz["uid"], env=env)
    assert gone.rc == 0, gone.err
    assert f"spack's build bzip2@1.0.8 /{BZIP2_HASH[:7]}" in gone.out
    assert [c["argv"][2:] for c in _logs(log, "uninstall")] == [
        ["uninstall", "-y", f"/{BZIP2_HASH}"]]
    assert not prefix.exists() and not folder.exists()


def _spack_load(prefix: Path) -> dict[str, list[str]]:
    """What real `spack load --sh` of bzip2 set, the dirs under its prefix, for ``prefix``."""
    out: dict[str, list[str]] = {}
    cap = f"{META['root']}/store/linux-icelake/bzip2-1.0.8-{BZIP2_HASH}"
    for part in (DATA / "load-bzip2.sh").read_text().split(";"):
        part = part.strip()
        if part.startswith("export "):
            var, _, value = part[7:].partition("=")
            out[var] = list(dict.fromkeys(
                d.replace(cap, str(prefix)) for d in value.split(":") if d.startswith(cap)))
    return out


def test_keep_build_leaves_spacks_build(cli, home, configured):
    env, log, _repo, _mirror = configured
    # the system's bzip2 is recorded, yet Spack is asked to build bzip2, not to take it
    assert cli("detect", "bzip2", "zlib", env=env).rc == 0
    assert cli("install", "spack:bzip2@1.0.8", env=env, timeout=300).rc == 0
    [cfg] = sorted(log.glob("*-config"))[:1]
    packages = (cfg / "packages.yaml").read_text()
    assert "  bzip2:" not in packages and "  zlib:\n    externals:" in packages, packages
    [bz] = [e for e in _entries(cli, "bzip2") if e["source"] == "installed"]
    r = cli("uninstall", "--keep-build", bz["uid"], env=env)
    assert r.rc == 0 and "spack's build" not in r.out, r.err
    assert Path(bz["prefix"]).is_dir() and _logs(log, "uninstall") == []


def test_an_entry_sharing_the_build_keeps_it(cli, home, configured):
    env, log, _repo, _mirror = configured
    assert cli("install", "spack:bzip2@1.0.8", env=env, timeout=300).rc == 0
    # another spec text, the same concrete spec: one build, two entries
    assert cli("install", "spack:bzip2@1.0.8 +shared", env=env, timeout=300).rc == 0
    first, second = _entries(cli, "bzip2")
    assert first["prefix"] == second["prefix"]
    r = cli("uninstall", first["uid"], env=env)
    assert r.rc == 0 and "spack's build" not in r.out, r.err
    assert Path(second["prefix"]).is_dir() and _logs(log, "uninstall") == []


@pytest.mark.parametrize("key,bad", [("repos", "nowhere"), ("mirrors", "nowhere"),
                                     ("upstreams", "nowhere")])
def test_a_repo_mirror_or_upstream_that_does_not_exist_is_one_line(
        cli, home, tmp_path, stand_in, key, bad):
    path, log = stand_in
    missing = tmp_path / bad
    spack_config(Path(os.environ["ENVMGR_CONFIG_DIR"]), **{key: [str(missing)]})
    r = cli("install", "spack:bzip2@1.0.8", env={"PATH": path})
    assert r.rc != 0 and "Traceback" not in r.err
    first = r.err.strip().splitlines()[0]
    assert f"[frontends.spack] '{key}' names {missing}, which does not exist" in first, r.err
    assert not log.exists() and _left_behind(home) == []


def test_a_folder_that_is_no_repo_and_an_unknown_key_are_one_line(cli, home, tmp_path,
                                                                    stand_in):
    path, _log = stand_in
    config = Path(os.environ["ENVMGR_CONFIG_DIR"])
    spack_config(config, repos=[str(tmp_path)])
    r = cli("install", "spack:bzip2@1.0.8", env={"PATH": path})
    assert r.rc != 0 and "is not a Spack package repository (no repo.yaml" in r.err, r.err
    spack_config(config, repo=[str(tmp_path)])
    r = cli("install", "spack:bzip2@1.0.8", env={"PATH": path})
    assert r.rc != 0 and "unknown key 'repo'" in r.err and "Traceback" not in r.err


# -- real failures, replayed -----------------------------------------------------------

def _failure(cli, home, env, target):
    r = cli("install", target, env=env, timeout=300)
    assert r.rc == 1 and "Traceback" not in r.err, r.err
    assert _entries(cli, target.split(":")[1].split("@")[0].split()[0]) == []
    assert _left_behind(home) == []
    logs = home / "logs"
    assert f"full log: {logs}" in r.err, r.err
    return r.err


def test_a_concretization_error_shows_spacks_reason(cli, home, configured):
    env, *_ = configured
    [(text, capture)] = list(META["concretize_errors"].items())[:1]
    err = _failure(cli, home, env, f"spack:{text}")
    reason = next(ln for ln in (DATA / capture["file"]).read_text().splitlines()
                  if ln.startswith("==> Error: ")).split("Error: ", 1)[1]
    assert reason in err and f"install --fail-fast {text}" in err


def test_a_failed_fetch_shows_spacks_reason(cli, home, configured):
    env, *_ = configured
    err = _failure(cli, home, env, "spack:bzip2@1.0.6")
    assert "failed: FetchError: All fetchers failed for spack-stage-bzip2-1.0.6-" in err, err
    assert "install --fail-fast bzip2@1.0.6` exited 1" in err


def test_a_failed_build_names_its_phase_and_spacks_build_log(cli, home, configured):
    env, *_ = configured
    err = _failure(cli, home, env, "spack:failing-build@1.0")
    store = home / "install" / ".spack"
    assert "failed: ProcessError: Command exited with status 2: '/usr/bin/make'" in err, err
    assert "; in phase 'build'; " in err
    assert f"See build log for details: {store}/stage/" in err
    assert "undefined_symbol" in err


# -- Spack killed mid-build -------------------------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_spack_killed_mid_build_leaves_no_entry_and_the_next_install_works(
        cli, home, configured, sig):
    env, log, *_ = configured
    full = dict(os.environ, **env, STAND_IN_SLOW="60")
    full["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full.get("PYTHONPATH")]))
    proc = subprocess.Popen([sys.executable, "-m", "envmgr", "install", "spack:bzip2@1.0.8"],
                            env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    pid_file = log / "install.pid"
    deadline = time.monotonic() + 120
    while not pid_file.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert pid_file.exists(), proc.communicate()
    time.sleep(0.2)
    os.kill(int(pid_file.read_text()), sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "Traceback" not in err, err
    assert "spack install" in err or "install --fail-fast" in err, err
    assert _entries(cli, "bzip2") == [] and _left_behind(home) == []
    pid_file.unlink()
    r = cli("install", "spack:bzip2@1.0.8", env=env, timeout=300)
    assert r.rc == 0, r.err
    [bz] = _entries(cli, "bzip2")
    assert (Path(bz["prefix"]) / "include" / "bzlib.h").is_file()


def test_spack_missing_says_how_to_get_it(cli, home, tmp_path, monkeypatch):
    monkeypatch.delenv("SPACK_ROOT", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/spack/bin
    empty = tmp_path / "bin"
    empty.mkdir()
    r = cli("install", "spack:zlib@1.3.1", env={"PATH": str(empty)})
    assert r.rc == 1, r.out
    assert ("spack is not detected here; install it with `envmgr install spack` (the release "
            "archive) or put it on PATH and run `envmgr detect spack`") in r.err
    assert "Traceback" not in r.err
    assert _left_behind(home) == []


@pytest.mark.parametrize("target", ["spack:", "spack:@1.2", "spack:Zlib", "spack:zlib@"])
def test_bad_spack_targets_are_one_sentence(cli, home, target):
    r = cli("install", target, "--dry-run")
    assert r.rc == 2 and f"cannot read '{target}'" in r.err and "spack:NAME" in r.err
    assert "Traceback" not in r.err


# -- the real Spack ----------------------------------------------------------------------

@pytest.mark.slow
def test_real_spack(cli, home, tmp_path):
    """The real Spack, offline: ENVMGR_TEST_SPACK=/path/to/spack/bin/spack (run by a
    Python that can import clingo: SPACK_PYTHON), ENVMGR_TEST_SPACK_REPO= a builtin
    package repository (spack-packages' repos/spack_repo/builtin) and
    ENVMGR_TEST_SPACK_MIRROR= a Spack source mirror holding bzip2-1.0.8.tar.gz
    (``bzip2/bzip2-1.0.8.tar.gz``). Builds bzip2 for real (minutes), checks that
    ``$SPACK_ROOT/etc`` and ``var`` do not change, runs it from ``envmgr shell``, then
    uninstalls it from Spack's store."""
    exe = os.environ.get("ENVMGR_TEST_SPACK")
    if not exe:
        pytest.skip("set ENVMGR_TEST_SPACK=/path/to/spack/bin/spack to run the real Spack")
    repo, mirror = (os.environ.get("ENVMGR_TEST_SPACK_REPO"),
                    os.environ.get("ENVMGR_TEST_SPACK_MIRROR"))
    if not repo or not mirror:
        pytest.skip("set ENVMGR_TEST_SPACK_REPO and ENVMGR_TEST_SPACK_MIRROR as well")
    root = Path(exe).resolve().parent.parent
    spack_config(Path(os.environ["ENVMGR_CONFIG_DIR"]), repos=[repo], mirrors=[mirror])
    env = {"PATH": f"{Path(exe).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    before = {d: _tree_sums(root / d) for d in ("etc", "var")}
    assert cli("detect", "spack", "gcc", "make", "diffutils", env=env).rc == 0
    r = cli("-p", "no:libs.bzip2", "install", "bzip2", "--frontend", "spack", env=env,
            timeout=7200)
    assert r.rc == 0, r.err
    [bz] = _entries(cli, "bzip2")
    prefix = Path(bz["prefix"])
    assert prefix.is_dir() and str(prefix).startswith(str(home / "install" / ".spack"))
    assert (prefix / "include" / "bzlib.h").is_file()
    run = cli("shell", "--tags=bzip2", "--", "sh", "-c",
              "command -v bzip2; echo hello | bzip2 | bzip2 -d", env=env)
    assert run.rc == 0 and run.out.splitlines() == [str(prefix / "bin" / "bzip2"), "hello"]
    gone = cli("uninstall", bz["uid"], env=env, timeout=600)
    assert gone.rc == 0 and "spack's build bzip2@1.0.8" in gone.out, gone.err
    assert not prefix.exists()
    assert {d: _tree_sums(root / d) for d in ("etc", "var")} == before
