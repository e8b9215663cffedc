"""EasyBuild through envmgr against `eb` used directly (not run by the tests).

    python benchmarks/easybuild.py --home /tmp/bench-eb --orig bzip2_1.0.8.orig.tar.gz
    python benchmarks/easybuild.py --home /tmp/bench-eb --orig ... --runs 5

``--home`` is an envmgr home where ``envmgr install easybuild`` ran (it is run there when
it did not). ``--orig`` is bzip2 1.0.8's source (``apt-get source --download-only
bzip2`` gives Debian's orig tarball, upstream's byte for byte).

Cases, in turn (A B A B ...), each a whole process timed from outside:

- ``envmgr``: ``envmgr install eb:bzip2-1.0.8.eb``, a real build each time (the entry is
  uninstalled between runs, which removes EasyBuild's software folder and module);
- ``eb``: the same ``eb bzip2-1.0.8.eb --robot`` with the same options into a new
  install path each time, with the same eb (``EB_PYTHON`` set as envmgr's entry sets it);
- ``noop``: ``envmgr install eb:bzip2-1.0.8.eb`` again once it is installed, < 0.2 s.

The ratio is the median of the pairs' ratios; the target is 1.15.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LMOD = "/usr/share/lmod/lmod/libexec/lmod"


def _timed(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv[:4])}... failed:\n{proc.stderr[-2000:]}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", required=True)
    ap.add_argument("--orig", required=True, help="bzip2 1.0.8's source tarball")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    home = os.path.abspath(args.home)
    env = {**os.environ, "ENVMGR_HOME": home, "ENVMGR_CONFIG_DIR": home + "-config",
           "PYTHONPATH": ROOT, "EASYBUILD_FILTER_DEPS": "binutils"}
    # as installed: byte-compiled modules (without them every run compiles envmgr again)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    envmgr = [sys.executable, "-m", "envmgr"]
    work = tempfile.mkdtemp(prefix="bench-eb-")
    sources = os.path.join(work, "sources")
    os.makedirs(os.path.join(sources, "b", "bzip2"))
    shutil.copyfile(args.orig, os.path.join(sources, "b", "bzip2", "bzip2-1.0.8.tar.gz"))
    env["EASYBUILD_SOURCEPATH"] = sources

    def entries(soft: str) -> list[dict]:
        out = subprocess.run([*envmgr, "list", "--json"], env=env, capture_output=True,
                             text=True, check=True).stdout
        return [e for e in json.loads(out) if e["soft"] == soft]

    if not entries("easybuild"):
        _timed([*envmgr, "install", "easybuild"], env)
    [eb] = entries("easybuild")
    exe = os.path.join(eb["prefix"], "bin", "eb")
    eb_env = {**env, **eb["env"], "LMOD_CMD": LMOD,
              "EASYBUILD_ALLOW_USE_AS_ROOT_AND_ACCEPT_CONSEQUENCES": "1"}

    def clear() -> None:
        for e in entries("bzip2"):
            if e["source"] == "installed":
                _timed([*envmgr, "uninstall", e["uid"]], env)

    def via_envmgr() -> float:
        clear()
        return _timed([*envmgr, "install", "eb:bzip2-1.0.8.eb"], env)

    def direct(i: int) -> float:
        root = os.path.join(work, f"direct-{i}")
        return _timed([exe, "bzip2-1.0.8.eb", "--robot", f"--installpath={root}",
                       f"--sourcepath={sources}", f"--buildpath={root}/build",
                       f"--repositorypath={root}/ebfiles_repo", "--filter-deps=binutils"],
                      eb_env)

    pairs = []
    for i in range(args.runs):
        a, b = via_envmgr(), direct(i)
        pairs.append((a, b))
        print(f"run {i + 1}: envmgr {a:.2f} s, eb {b:.2f} s, ratio {a / b:.3f}")
    print(f"median: envmgr {statistics.median(p[0] for p in pairs):.2f} s, "
          f"eb {statistics.median(p[1] for p in pairs):.2f} s, "
          f"ratio {statistics.median(p[0] / p[1] for p in pairs):.3f} (target <= 1.15)")
    noop = [_timed([*envmgr, "install", "eb:bzip2-1.0.8.eb"], env) for _ in range(5)]
    base = [_timed([sys.executable, "-c", "pass"], env) for _ in range(5)]
    print(f"repeated install: median {statistics.median(noop):.3f} s, min {min(noop):.3f} s "
          f"(target < 0.2 s; a bare `python -c pass` here: median "
          f"{statistics.median(base):.3f} s)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
