"""The spack front-end: `envmgr install spack:zlib@1.3.1` against a stand-in `spack` that
replays what a real Spack printed, and against the real one where ENVMGR_TEST_SPACK is set.

Spack is on no registry CI reaches, so CI runs a stand-in: a small Python script this file
writes, not Spack. What it replays and where each shape comes from:

- ``spack --version``: ``1.1.0``, as Spack v1.1.0 prints it;
- ``spack -C CFG spec --json zlib@1.3.1``: the two lines a real Spack v1.1.0 printed on
  stdout (its builtin repository from spack/spack-packages 1e8cf059e3, clingo 5.8,
  Debian 12 on zen3), kept verbatim in data/spack-1.1.0-spec-zlib@1.3.1.json: first
  "==> Compilers have been configured automatically from PATH inspection" (Spack prints
  that note on stdout, before the JSON), then the concrete spec, root node first;
- ``spack install ./spec.json`` and ``spack location -i /HASH``: not captured (the real
  install of zlib needs a download this machine cannot make), so their shapes follow
  Spack v1.1.0's source: lib/spack/spack/cmd/location.py prints the prefix alone on a
  line, install prints "[+] PREFIX"; the prefix follows its default projection
  ``{architecture.platform}-{architecture.target}/{name}-{version}-{hash}`` under the
  ``install_tree: root`` of the configuration it is given.

The stand-in also keeps what it was given (argv, SPACK_DISABLE_LOCAL_CONFIG, a copy of the
-C folder), so the tests check the configuration envmgr wrote.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "spack-1.1.0-spec-zlib@1.3.1.json"
ZLIB_HASH = "uryxdsidv2wbuebm5trdwu72q55vhx5p"

STAND_IN = r'''#!{python}
"""A stand-in for Spack 1.1.0 that replays captured output (see test_install_spack.py)."""
import json, os, re, shutil, sys, time
LOG = {log!r}
SPEC = {spec!r}
argv = sys.argv[1:]
if argv == ["--version"]:
    print("1.1.0"); sys.exit(0)
cfg = None
if argv[:1] == ["-C"]:
    cfg, argv = argv[1], argv[2:]
os.makedirs(LOG, exist_ok=True)
n = len(os.listdir(LOG))
with open(os.path.join(LOG, f"{{n:02d}}-{{argv[0]}}.json"), "w") as f:
    json.dump({{"argv": sys.argv[1:], "cwd": os.getcwd(),
               "disable_local": os.environ.get("SPACK_DISABLE_LOCAL_CONFIG"),
               "user_config": os.environ.get("SPACK_USER_CONFIG_PATH")}}, f)
if cfg:
    shutil.copytree(cfg, os.path.join(LOG, f"{{n:02d}}-config"))
root = None
if cfg and os.path.exists(os.path.join(cfg, "config.yaml")):
    m = re.search(r'root: "([^"]+)"', open(os.path.join(cfg, "config.yaml")).read())
    root = m and m.group(1)
lines = open(SPEC).read().splitlines()
node = json.loads(lines[-1])["spec"]["nodes"][0]
prefix = os.path.join(root or "/nonexistent",
    f"{{node['arch']['platform']}}-{{node['arch']['target']['name']}}",
    f"{{node['name']}}-{{node['version']}}-{{node['hash']}}")
if argv[:2] == ["spec", "--json"]:
    if argv[2] != "zlib@1.3.1":
        print(f"==> Error: no captured spec for {{argv[2]}}", file=sys.stderr); sys.exit(1)
    print("\n".join(lines)); sys.exit(0)
if argv[:1] == ["install"]:
    spec = json.load(open(os.path.join(os.getcwd(), argv[-1][2:])))
    if spec["spec"]["nodes"][0]["hash"] != node["hash"]:
        print("==> Error: not the captured spec", file=sys.stderr); sys.exit(1)
    if os.environ.get("STAND_IN_FAIL"):
        print("==> Error: ProcessError: Command exited with status 2:", file=sys.stderr)
        sys.exit(1)
    for d in ("lib", "include"):
        os.makedirs(os.path.join(prefix, d), exist_ok=True)
    open(os.path.join(prefix, "lib", "libz.so.1.3.1"), "w").write("not really\n")
    open(os.path.join(prefix, "include", "zlib.h"), "w").write("#define ZLIB_VERSION \"1.3.1\"\n")
    print(f"==> Installing zlib-1.3.1-{{node['hash']}} [1/1]")
    print(f"[+] {{prefix}}"); sys.exit(0)
if argv[:2] == ["location", "-i"]:
    if argv[2] == "/" + node["hash"] and os.path.isdir(prefix):
        print(prefix); sys.exit(0)
    print(f"==> Error: Spec '{{argv[2]}}' matches no installed packages.", file=sys.stderr)
    sys.exit(1)
print(f"==> Error: the stand-in does not replay {{argv}}", file=sys.stderr); sys.exit(1)
'''


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    """A stand-in Spack at <tmp>/spack/bin/spack; returns (its PATH, its log folder)."""
    monkeypatch.delenv("SPACK_ROOT", raising=False)
    bindir = tmp_path / "spack" / "bin"
    bindir.mkdir(parents=True)
    log = tmp_path / "spack-log"
    exe = bindir / "spack"
    exe.write_text(STAND_IN.format(python=sys.executable, log=str(log), spec=str(DATA)))
    exe.chmod(0o755)
    return f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}", log


def _logs(log: Path, what: str) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(log.glob(f"*-{what}.json"))]


def test_spack_target_concretizes_once_installs_that_spec_and_records_its_prefix(
        cli, home, stand_in, tmp_path):
    path, log = stand_in
    env = {"PATH": path}
    # python recorded first: the externals envmgr writes come from its registry
    assert cli("detect", "python", env=env).rc == 0
    [py] = [e for e in cli("list", "--json", env=env).json() if e["soft"] == "python"][:1]
    mirror = tmp_path / "mirror"
    mirror.mkdir()

    plan = cli("install", "spack:zlib@1.3.1", "--dry-run", env=env, timeout=300)
    assert plan.rc == 0, plan.err
    assert "install zlib@1.3.1 with spack" in plan.out and "detect spack@1.1.0" in plan.out

    r = cli("install", "spack:zlib@1.3.1", "--mirror", str(mirror), env=env, timeout=300)
    assert r.rc == 0, r.err
    [zlib] = [e for e in cli("list", "--json", env=env).json() if e["soft"] == "zlib"]
    store = home / "install" / ".spack" / "store"
    prefix = store / "linux-zen3" / f"zlib-1.3.1-{ZLIB_HASH}"
    spack = zlib["attrs"]["spack"]
    assert spack["hash"] == ZLIB_HASH and spack["prefix"] == str(prefix)
    assert spack["spec"] == "zlib@1.3.1" and zlib["version"] == "1.3.1"
    assert zlib["paths"]["lib"] == [str(prefix / "lib")]
    assert zlib["paths"]["include"] == [str(prefix / "include")]
    assert zlib["env"] == {"ZLIB_ROOT": str(prefix)}
    assert "spack-package" in zlib["tags"] and zlib["source"] == "installed"
    assert os.readlink(Path(zlib["prefix"], "spack-prefix")) == str(prefix)
    kept = json.loads(Path(zlib["prefix"], "spec.json").read_text())
    assert kept["spec"]["nodes"][0]["hash"] == ZLIB_HASH

    # concretized once, that exact spec installed, the prefix asked by its hash
    assert [c["argv"][2:] for c in _logs(log, "spec")] == [["spec", "--json", "zlib@1.3.1"]]
    [inst] = _logs(log, "install")
    assert inst["argv"][2:] == ["install", "--fail-fast", "./spec.json"]
    assert [c["argv"][2:] for c in _logs(log, "location")] == [
        ["location", "-i", f"/{ZLIB_HASH}"]]
    for call in [*_logs(log, "spec"), *_logs(log, "install")]:
        assert call["disable_local"] == "1" and call["user_config"] is None
        assert call["argv"][0] == "-C"

    # the configuration folder: install tree under the home, the mirror, the externals
    [cfg] = sorted(log.glob("*-config"))[:1]
    assert f'root: "{store}"' in (cfg / "config.yaml").read_text()
    assert mirror.resolve().as_uri() in (cfg / "mirrors.yaml").read_text()
    packages = (cfg / "packages.yaml").read_text()
    real = os.path.realpath(py["attrs"]["executable"])
    assert f'- spec: "python@{py["version"]}"' in packages
    assert f'prefix: "{os.path.dirname(os.path.dirname(real))}"' in packages
    assert "shims" not in packages

    run = cli("shell", "--tags=zlib,spack-package", "--", "sh", "-c",
              'echo "$ZLIB_ROOT"; echo "$LD_LIBRARY_PATH"', env=env)
    assert run.rc == 0, run.err
    assert run.out.splitlines()[0] == str(prefix)
    assert run.out.splitlines()[1].split(":")[0] == str(prefix / "lib")

    again = cli("install", "spack:zlib@1.3.1", env=env, timeout=300)
    assert again.rc == 0 and f"already installed: entry {zlib['uid']}" in again.out, again.err
    assert len(_logs(log, "spec")) == 1

    gone = cli("uninstall", zlib["uid"], env=env)
    assert gone.rc == 0 and not Path(zlib["prefix"]).exists(), gone.err


def test_spack_failure_records_nothing(cli, home, stand_in):
    path, _log = stand_in
    r = cli("install", "spack:zlib@1.3.1", env={"PATH": path, "STAND_IN_FAIL": "1"},
            timeout=300)
    assert r.rc == 1 and "installing zlib@1.3.1 for zlib failed: ==> Error: ProcessError" \
        in r.err, r.err
    assert "Traceback" not in r.err
    assert [e for e in cli("list", "--json").json() if e["soft"] == "zlib"] == []
    left = [p.name for p in (home / "install").iterdir() if not p.name.startswith(".")]
    assert left == []


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
    assert not (home / "install").exists() or not any(
        p.name != ".locks" for p in (home / "install").iterdir())


@pytest.mark.parametrize("target", ["spack:", "spack:@1.2", "spack:Zlib", "spack:zlib@"])
def test_bad_spack_targets_are_one_sentence(cli, home, target):
    r = cli("install", target, "--dry-run")
    assert r.rc == 2 and f"cannot read '{target}'" in r.err and "spack:NAME" in r.err
    assert "Traceback" not in r.err


@pytest.mark.slow
def test_real_spack(cli, home, monkeypatch):
    """The real Spack: ENVMGR_TEST_SPACK=/path/to/spack/bin/spack (ENVMGR_TEST_SPACK_SPEC
    picks another spec than zlib@1.3.1). It builds for real: minutes, and the network or a
    Spack mirror for the sources."""
    exe = os.environ.get("ENVMGR_TEST_SPACK")
    if not exe:
        pytest.skip("set ENVMGR_TEST_SPACK=/path/to/spack/bin/spack to run the real Spack")
    spec = os.environ.get("ENVMGR_TEST_SPACK_SPEC", "zlib@1.3.1")
    bindir = os.path.dirname(os.path.abspath(exe))
    env = {"PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
           "SPACK_ROOT": os.path.dirname(bindir)}
    r = cli("install", f"spack:{spec}", "--json", env=env, timeout=7200)
    assert r.rc == 0, r.err
    name = spec.split("@")[0]
    outcome = next(o for o in r.json()["outcomes"] if o["soft"] == name)
    [entry] = [e for e in cli("list", "--json", env=env).json() if e["uid"] == outcome["uid"]]
    prefix = Path(entry["attrs"]["spack"]["prefix"])
    assert prefix.is_dir() and str(prefix).startswith(str(home / "install" / ".spack"))
    assert shutil.which("spack", path=env["PATH"])
