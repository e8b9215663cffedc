"""`envmgr detect --all`, cold and warm, as whole processes (not run by the tests).

    python benchmarks/detect.py                     # this checkout, 5 runs each
    python benchmarks/detect.py -n 9 --against /tmp/envmgr-main   # paired with another

cold: a fresh ENVMGR_HOME each run (an empty probe cache: every candidate is probed).
warm: one home whose probe cache a first run filled.

With ``--against DIR`` (another checkout of envmgr, say main's) each run of this checkout
is paired with one of DIR's at the same moment, in alternating order, so that a shared
machine whose load drifts moves both alike. Each figure is the median; the load average
before and after is printed, the CPU seconds of each kind of run (user + system, the
probes' included: what other work on a shared machine does not inflate), and the count of
builtin plugin modules a warm run imports.
Targets (issue 16): cold under 2.5 s, warm under 0.4 s on a 2-core machine.

Both checkouts run as ``python -m envmgr`` from their own dir (PYTHONPATH), each with its
bytecode cache written once before timing, as an installed envmgr has (pip compiles it).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Run envmgr's CLI, then count the builtin plugin modules it imported (not their packages).
_COUNT = """
import re, runpy, sys
sys.argv = ["envmgr", "detect", "--all"]
try:
    runpy.run_module("envmgr", run_name="__main__")
except SystemExit:
    pass
mods = [m for m in sys.modules if re.fullmatch(r"(?:envmgr_)?plugins\\.\\w+\\.\\w+", m)]
sys.__stderr__.write(f"MODULES {len(mods)}\\n")
"""


BYTECODE = True
"""False (``--no-bytecode``): each checkout is copied without its ``__pycache__`` dirs and
run with PYTHONDONTWRITEBYTECODE=1, so every envmgr and plugin module imported is
compiled on every run, as in a fresh checkout on a machine that sets it."""


def _env(root: str, home: str) -> dict[str, str]:
    env = dict(os.environ, ENVMGR_HOME=os.path.join(home, "home"),
               ENVMGR_CONFIG_DIR=os.path.join(home, "config"), PYTHONPATH=root)
    if BYTECODE:
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode compiled once
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _copy(root: str, dest: str) -> str:
    """``root``'s envmgr and plugins, without bytecode caches, under ``dest``."""
    for sub in ("envmgr", "plugins"):
        shutil.copytree(os.path.join(root, sub), os.path.join(dest, sub),
                        ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def _run(root: str, home: str, cpu: list[float] | None = None) -> float:
    """Wall seconds of one run; its CPU seconds (user + system, the probes' included)
    appended to ``cpu``: what a loaded machine's other work does not inflate."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "envmgr", "detect", "--all"],
                          env=_env(root, home), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, cwd=root)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"detect --all failed in {root}: {proc.stderr.decode()[-300:]}")
    return took


def _modules(root: str, home: str) -> int:
    proc = subprocess.run([sys.executable, "-c", _COUNT], env=_env(root, home), cwd=root,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr.splitlines():
        if line.startswith("MODULES "):
            return int(line.split()[1])
    return -1


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="runs of each (paired with --against)")
    parser.add_argument("--against", metavar="DIR", help="another envmgr checkout to pair with")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="compile every module on every run (a fresh checkout with "
                        "PYTHONDONTWRITEBYTECODE=1)")
    args = parser.parse_args()
    global BYTECODE
    BYTECODE = not args.no_bytecode
    roots = {"this": ROOT}
    if args.against:
        roots["against"] = os.path.abspath(args.against)
    work = tempfile.mkdtemp(prefix="envmgr-bench-detect-")
    try:
        if not BYTECODE:
            roots = {n: _copy(r, os.path.join(work, f"src-{n}")) for n, r in roots.items()}
        print(f"bytecode: {'compiled once' if BYTECODE else 'compiled on every run'}")
        print(f"load average before: {_load()}  ({os.cpu_count()} cores)")
        warm_homes = {}
        for name, root in roots.items():  # bytecode written, probe cache filled
            warm_homes[name] = os.path.join(work, f"warm-{name}")
            _run(root, warm_homes[name])
        cold: dict[str, list[float]] = {n: [] for n in roots}
        warm: dict[str, list[float]] = {n: [] for n in roots}
        cold_cpu: dict[str, list[float]] = {n: [] for n in roots}
        warm_cpu: dict[str, list[float]] = {n: [] for n in roots}
        for i in range(args.n):
            order = list(roots) if i % 2 == 0 else list(reversed(roots))
            for name in order:
                cold[name].append(_run(roots[name], os.path.join(work, f"cold-{name}-{i}"),
                                       cold_cpu[name]))
            for name in order:
                warm[name].append(_run(roots[name], warm_homes[name], warm_cpu[name]))
        print(f"load average after:  {_load()}")
        for name, root in roots.items():
            print(f"{name} ({root}):")
            print(f"  detect --all cold  median {statistics.median(cold[name]):6.2f} s  "
                  f"(runs: {', '.join(f'{t:.2f}' for t in cold[name])}; target 2.5 s)")
            print(f"  detect --all warm  median {statistics.median(warm[name]):6.2f} s  "
                  f"(runs: {', '.join(f'{t:.2f}' for t in warm[name])}; target 0.4 s)")
            print(f"  CPU seconds (user+system, probes included): cold median "
                  f"{statistics.median(cold_cpu[name]):.2f}, warm median "
                  f"{statistics.median(warm_cpu[name]):.2f}")
            print(f"  plugin modules imported warm: {_modules(root, warm_homes[name])}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
