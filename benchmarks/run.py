"""Speed of the commands users wait for, as whole processes (not run by the tests).

    python benchmarks/run.py            # every benchmark, 15 runs each
    python benchmarks/run.py -n 30 shell

Each figure is the median wall time of N runs after one warm-up, next to the same
interpreter's `python -c pass`; the ratio is what the targets are stated in. The two
start-up figures are paired: envmgr and `python -c pass` run in turn (A B A B ...) and the
ratio is the median of the pairs' ratios, so that a machine whose speed drifts cannot
move it:

- envmgr --version                         within 1.5x of python -c pass
- envmgr shell --tags=... -- true          within 1.5x of python -c pass (cached)
- envmgr detect --all, probe cache warm    under 0.5 s
- envmgr list --tags=... over 10,000       under 100 ms

It uses the `envmgr` script installed beside this interpreter (pip install .), else
`python -m envmgr` from this checkout, and a throw-away ENVMGR_HOME.
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


def envmgr_cmd() -> list[str]:
    script = os.path.join(os.path.dirname(sys.executable), "envmgr")
    if os.path.exists(script):
        return [script]
    return [sys.executable, "-m", "envmgr"]


def timeit(argv: list[str], env: dict[str, str], runs: int) -> float:
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.decode()[-300:]}")
    return statistics.median(times)


def paired(argv: list[str], base: list[str], env: dict[str, str],
           runs: int) -> tuple[float, float, float]:
    """Median wall times of ``argv`` and ``base`` run in turn, and the median ratio."""
    for cmd in (argv, base):
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    a, b, ratios = [], [], []
    for _ in range(runs):
        pair = []
        for cmd in (argv, base):
            start = time.perf_counter()
            proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
            pair.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-300:]}")
        a.append(pair[0])
        b.append(pair[1])
        ratios.append(pair[0] / pair[1])
    return statistics.median(a), statistics.median(b), statistics.median(ratios)


def fill_registry(home: str, n: int) -> None:
    sys.path.insert(0, ROOT)
    from envmgr.store.entry import Entry, make_uid
    from envmgr.store.registry import Registry

    entries = []
    for i in range(n):
        soft = f"soft{i % 100}"
        version = f"{i % 7}.{i % 13}.{i}"
        prefix = f"/opt/{soft}/{version}"
        entries.append(Entry(
            uid=make_uid(soft, prefix, version), soft=soft, category="tool", version=version,
            tags=[soft, "tool", f"v{i % 7}", f"v{i % 7}.{i % 13}", "detected", "os-linux"],
            prefix=prefix, paths={"bin": [f"{prefix}/bin"], "lib": [], "include": []},
            attrs={"executable": f"{prefix}/bin/{soft}"},
        ))
    with Registry(os.path.join(home, "registry.db")) as reg:
        reg.upsert(entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=15, help="runs per command")
    parser.add_argument("only", nargs="*", help="version, shell, detect, list")
    args = parser.parse_args()
    em = envmgr_cmd()
    base = [sys.executable, "-c", "pass"]
    work = tempfile.mkdtemp(prefix="envmgr-bench-")
    env = dict(os.environ, ENVMGR_HOME=os.path.join(work, "home"),
               ENVMGR_CONFIG_DIR=os.path.join(work, "config"))
    if em[0] == sys.executable:  # not installed: run this checkout
        env["PYTHONPATH"] = ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")
    want = set(args.only or ["version", "shell", "detect", "list"])
    try:
        t_py = timeit(base, env, args.n)
        print(f"{'python -c pass':45} {t_py * 1000:8.1f} ms")
        if "version" in want:
            t, _, ratio = paired([*em, "--version"], base, env, args.n)
            print(f"{'envmgr --version':45} {t * 1000:8.1f} ms  {ratio:5.2f}x  (target 1.5x, "
                  "paired)")
        if "shell" in want or "detect" in want:
            subprocess.run([*em, "detect", "--all"], env=env, stdout=subprocess.DEVNULL, check=True)
        if "shell" in want:
            # a registry written in the last 2 s is not trusted to show its next change:
            # the activation is cached once it has settled (envmgr.activate.fast)
            time.sleep(2.1)
            t, _, ratio = paired([*em, "shell", "--tags=python", "--", "true"], base, env,
                                 args.n)
            print(f"{'envmgr shell --tags=python -- true':45} {t * 1000:8.1f} ms  {ratio:5.2f}x"
                  "  (target 1.5x, paired)")
        if "detect" in want:
            t = timeit([*em, "detect", "--all"], env, max(3, args.n // 3))
            print(f"{'envmgr detect --all (warm probe cache)':45} {t * 1000:8.1f} ms"
                  "         (target 500 ms)")
        if "list" in want:
            big = dict(env, ENVMGR_HOME=os.path.join(work, "big"))
            os.makedirs(big["ENVMGR_HOME"])
            fill_registry(big["ENVMGR_HOME"], 10_000)
            t = timeit([*em, "list", "--tags=soft42,v3"], big, args.n)
            print(f"{'envmgr list --tags=soft42,v3 (10,000 entries)':45} {t * 1000:8.1f} ms"
                  "         (target 100 ms)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
