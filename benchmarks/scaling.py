"""How `detect --all` scales with the number of softs (not run by the tests).

    python benchmarks/scaling.py                  # 0, 50, 100, 200, 400 extra softs, 5 runs
    python benchmarks/scaling.py --extra 0,400 --runs 9

The builtin catalogue is always there; on top of it a user plugin folder adds N softs
that have no candidate on this machine (each looks for its own executable name, found
nowhere), which is what most softs are on most machines: their cost must stay roughly
flat. For each N: the median wall time of `detect --all` cold (a new ENVMGR_HOME, so an
empty probe cache) and warm (the same home again), and the peak resident memory of the
envmgr process (its own, not its probes'), next to the number of softs `search --json` lists.
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


#: runs the CLI in this interpreter and writes its own peak RSS (KiB) to argv[1] at exit:
#: wait4's figure would be the largest probe's (a JVM), not envmgr's
SELF_RSS = ("import atexit, resource, sys\n"
            "out = sys.argv.pop(1)\n"
            "atexit.register(lambda: open(out, 'w').write(str(resource.getrusage("
            "resource.RUSAGE_SELF).ru_maxrss)))\n"
            "from envmgr.cli.main import main\n"
            "sys.argv[0] = 'envmgr'\n"
            "sys.exit(main())\n")


def run(args: list[str], env: dict[str, str], work: str) -> tuple[float, int]:
    """Wall seconds of one whole process and envmgr's own peak RSS (KiB)."""
    rss = os.path.join(work, "rss")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", SELF_RSS, rss, *args], env=env, cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        sys.exit(f"envmgr {' '.join(args)} failed: {proc.stderr.decode(errors='replace')[-400:]}")
    with open(rss) as f:
        return took, int(f.read())


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
                t, m = run(["detect", "--all"], e, work)
                cold.append(t)
                peak.append(m)
                t, m = run(["detect", "--all"], e, work)
                warm.append(t)
                peak.append(m)
                shutil.rmtree(home, ignore_errors=True)
            print(f"{n:>5} {count:>5} {statistics.median(cold):>8.2f} "
                  f"{statistics.median(warm):>8.2f} {max(peak) / 1024:>8.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
