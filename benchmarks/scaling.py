"""How `detect --all` scales with the number of softs (not run by the tests).

    python benchmarks/scaling.py                  # 0, 50, 100, 200, 400 extra softs, 5 runs
    python benchmarks/scaling.py --extra 0,400 --runs 9

The builtin catalogue is always there; on top of it a user plugin folder adds N softs
that have no candidate on this machine (each looks for its own executable name, found
nowhere), which is what most softs are on most machines: their cost must stay roughly
flat. For each N: the median wall time of `detect --all` cold (a new ENVMGR_HOME, so an
empty probe cache) and warm (the same home again), and the peak resident memory of the
process (from wait4's rusage), next to the number of softs `search --json` lists.
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

SOFT = '''
class Bench{i}(Soft):
    name = "bench-soft-{i}"
    category = "tool"
    summary = "a soft with no candidate here"
    executables = [r"envmgr-bench-nowhere-{i}"]
    version_regex = r"bench (\\S+)"
'''


def envmgr_cmd() -> list[str]:
    script = os.path.join(os.path.dirname(sys.executable), "envmgr")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "envmgr"]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        sys.exit(f"{' '.join(cmd)} failed: {err[-400:]}")
    return took, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", default="0,50,100,200,400")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="envmgr-bench-scaling-")
    base = {k: v for k, v in os.environ.items() if not k.startswith("ENVMGR_")}
    try:
        print(f"{'extra':>5} {'softs':>5} {'cold s':>8} {'warm s':>8} {'peak MB':>8}")
        for n in (int(x) for x in args.extra.split(",")):
            plugins = os.path.join(work, f"plugins-{n}")
            os.makedirs(plugins)
            if n:
                with open(os.path.join(plugins, "bench_softs.py"), "w") as f:
                    f.write("from envmgr.soft import Soft\n")
                    f.write("".join(SOFT.format(i=i) for i in range(n)))
            env = dict(base, ENVMGR_PLUGIN_PATH=plugins,
                       ENVMGR_CONFIG_DIR=os.path.join(work, f"config-{n}"))
            probe_home = os.path.join(work, f"home-{n}-count")
            out = subprocess.run([*envmgr_cmd(), "search", "--kind", "soft", "--json"],
                                 env=dict(env, ENVMGR_HOME=probe_home),
                                 capture_output=True, text=True, check=True)
            count = len(json.loads(out.stdout))
            cold, warm, peak = [], [], []
            for r in range(args.runs):
                home = os.path.join(work, f"home-{n}-{r}")
                e = dict(env, ENVMGR_HOME=home)
                t, m = run([*envmgr_cmd(), "detect", "--all"], e)
                cold.append(t)
                peak.append(m)
                t, m = run([*envmgr_cmd(), "detect", "--all"], e)
                warm.append(t)
                peak.append(m)
                shutil.rmtree(home, ignore_errors=True)
            print(f"{n:>5} {count:>5} {statistics.median(cold):>8.2f} "
                  f"{statistics.median(warm):>8.2f} {max(peak) / 1024:>8.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
