"""envmgr's Spack front-end against ``spack install`` used directly (not run by the tests).

    SPACK_PYTHON=/path/to/python-with-clingo python benchmarks/spack.py \\
        --spack /opt/spack/bin/spack --repo /srv/spack-packages/repos/spack_repo/builtin \\
        --mirror /srv/spack-mirror --runs 2

Each run: ``envmgr -p no:libs.bzip2 install bzip2 --frontend spack`` in a fresh home (its
Spack store empty) and ``spack -C CFG install bzip2@1.0.8`` with the configuration envmgr
wrote in the first run (copied, with a store and caches of its own): the same externals,
repository and mirror, so both concretize and build the same thing offline. envmgr goes
first on even runs, Spack on odd ones (the second finds the disk caches warm). Then the
repeated install of each: envmgr's (the registry answers), and Spack's own (``spack
install bzip2@1.0.8`` again). Every command is a whole process, timed from outside.
Prints the medians and the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    took = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return took


def _spack_config(template: str, direct: str) -> None:
    """The configuration envmgr wrote for Spack under ``template`` (the first run's),
    pointed at ``direct``."""
    shutil.copytree(os.path.join(template, "config"), os.path.join(direct, "config"))
    cfg = os.path.join(direct, "config", "config.yaml")
    with open(cfg) as f:
        text = f.read()
    with open(cfg, "w") as f:
        f.write(text.replace(template, direct))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spack", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--mirror", required=True)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="envmgr-bench-spack-")
    base = dict(os.environ, PYTHONPATH=ROOT,
                PATH=f"{os.path.dirname(args.spack)}{os.pathsep}{os.environ['PATH']}")
    envmgr = [sys.executable, "-m", "envmgr"]
    times: dict[str, list[float]] = {k: [] for k in ("envmgr", "spack", "envmgr-again",
                                                      "spack-again")}
    for run in range(args.runs):
        home, cfgdir = os.path.join(work, f"home{run}"), os.path.join(work, f"config{run}")
        os.makedirs(cfgdir)
        with open(os.path.join(cfgdir, "config.toml"), "w") as f:
            f.write(f'[frontends.spack]\nrepos = ["{args.repo}"]\nmirrors = ["{args.mirror}"]\n')
        env = dict(base, ENVMGR_HOME=home, ENVMGR_CONFIG_DIR=cfgdir)
        subprocess.run([*envmgr, "detect", "spack", "gcc", "make", "diffutils"], env=env,
                       capture_output=True, check=True)
        install = [*envmgr, "-p", "no:libs.bzip2", "install", "bzip2", "--frontend", "spack"]
        # Spack alone: the configuration envmgr writes (the same externals, repository,
        # mirror), its own store and caches
        direct = os.path.join(work, f"direct{run}")
        senv = dict(base, **{v: os.path.join(direct, sub) for v, sub in (
            ("SPACK_USER_CONFIG_PATH", "user"), ("SPACK_SYSTEM_CONFIG_PATH", "system"),
            ("SPACK_USER_CACHE_PATH", "user-cache"))})
        spack = [args.spack, "-C", os.path.join(direct, "config"), "install", "bzip2@1.0.8"]

        pairs = [("envmgr", install, env), ("spack", spack, senv)]
        # in turn: envmgr first on even runs, Spack first on odd ones (warm disk caches)
        for key, cmd, cmd_env in pairs if run % 2 == 0 else pairs[::-1]:
            if key == "spack":  # the configuration of the first run's envmgr
                _spack_config(os.path.join(work, "home0", "install", ".spack"), direct)
            times[key].append(_timed(cmd, cmd_env))
            times[f"{key}-again"].append(_timed(cmd, cmd_env))
        print(f"run {run + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()),
              flush=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    ratios = [a / b for a, b in zip(times["envmgr"], times["spack"], strict=True)]
    print(f"median: envmgr {med['envmgr']:.2f} s, spack install {med['spack']:.2f} s, "
          f"ratio {statistics.median(ratios):.2f}; repeated: envmgr "
          f"{med['envmgr-again']:.2f} s, spack {med['spack-again']:.2f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
