"""Speed of a project's commands, as whole processes (not run by the tests).

    python benchmarks/project.py            # 15 runs each
    python benchmarks/project.py -n 30 --mise /path/to/mise

Targets (docs/projects.md):

- envmgr run -- true, fresh lock        within 1.5x of python -c pass (paired, as
                                         benchmarks/run.py pairs shell -- true)
- envmgr sync, 10 needs all recorded     under 0.3 s
- envmgr status                          under 0.2 s
- envmgr run TASK, fresh lock            (served from the cache too; no target)

The ten needs are ten softs detection records on this machine (``detect --all`` first, in
a throw-away ENVMGR_HOME), so every need is answered by an entry already recorded. With
``--mise`` it also times ``mise exec -- true`` and ``mise run`` of a task on a mise.toml
with the same task (mise installs no tool here: it has none of envmgr's detected ones).
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import envmgr_cmd, paired  # noqa: E402 - this folder's helpers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


CPU: dict[str, float] = {}
"""Median CPU time (user + system) of the last :func:`timed` command: on a loaded machine
wall time measures the queue, CPU time what the command itself costs."""


def timed(argv: list[str], env: dict[str, str], cwd: str, runs: int) -> float:
    """Median wall time of ``argv`` in ``cwd`` after one warm-up."""
    import resource

    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.decode()[-300:]}")
    CPU["last"] = statistics.median(cpu)
    return statistics.median(times)


def cpu_note() -> str:
    return f"  cpu {CPU['last'] * 1000:.0f} ms"


def paired_in(argv: list[str], base: list[str], env: dict[str, str], cwd: str,
              runs: int) -> tuple[float, float, float]:
    here = os.getcwd()
    os.chdir(cwd)
    try:
        return paired(argv, base, env, runs)
    finally:
        os.chdir(here)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=15, help="runs per figure")
    parser.add_argument("--mise", help="a mise executable to compare with")
    args = parser.parse_args()
    em = envmgr_cmd()
    work = tempfile.mkdtemp(prefix="envmgr-bench-project-")
    env = dict(os.environ, ENVMGR_HOME=os.path.join(work, "home"),
               ENVMGR_CONFIG_DIR=os.path.join(work, "config"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ROOT, env.get("PYTHONPATH")]))
    for var in ("ENVMGR_ACTIVE", "ENVMGR_SAVED", "PYTHONDONTWRITEBYTECODE"):  # compiled once
        env.pop(var, None)
    proj = os.path.join(work, "proj")
    os.makedirs(proj)
    try:
        subprocess.run([*em, "detect", "--all"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        listed = json.loads(subprocess.run([*em, "list", "--json"], env=env, check=True,
                                           capture_output=True, text=True).stdout)
        softs = sorted({e["soft"] for e in listed if not e["attrs"].get("role")})[:10]
        if len(softs) < 10:
            print(f"note: only {len(softs)} softs are recorded here; the manifest has that many")
        with open(os.path.join(proj, "envmgr.toml"), "w") as f:
            f.write('[project]\nname = "bench"\n\n[needs]\n')
            f.writelines(f'{s} = "*"\n' for s in softs)
            f.write('\n[tasks.noop]\nrun = "true"\n')
        subprocess.run([*em, "sync"], env=env, cwd=proj, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"project: {len(softs)} needs ({', '.join(softs)}), all recorded")
        base = [sys.executable, "-c", "pass"]
        t = timed(base, env, proj, args.n)
        print(f"python -c pass                         {t * 1000:7.1f} ms{cpu_note()}")
        t = timed([*em, "sync"], env, proj, args.n)
        print(f"envmgr sync ({len(softs)} needs, all recorded)   {t * 1000:7.1f} ms  "
              f"(target 300 ms){cpu_note()}")
        t = timed([*em, "status"], env, proj, args.n)
        print(f"envmgr status                          {t * 1000:7.1f} ms  (target 200 ms)"
              f"{cpu_note()}")
        time.sleep(2.1)  # a record is kept only of files older than their times' granularity
        t, b, ratio = paired_in([*em, "run", "--", "true"], base, env, proj, args.n)
        print(f"envmgr run -- true (fresh lock)        {t * 1000:7.1f} ms  python -c pass "
              f"{b * 1000:.1f} ms  {ratio:.2f}x  (target 1.5x, paired)")
        t = timed([*em, "run", "noop"], env, proj, args.n)
        print(f"envmgr run noop (a task: sh -c true)   {t * 1000:7.1f} ms{cpu_note()}")
        if args.mise:
            _mise(args.mise, work, args.n, base)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _mise(mise: str, work: str, runs: int, base: list[str]) -> None:
    proj = os.path.join(work, "mise-proj")
    os.makedirs(proj)
    with open(os.path.join(proj, "mise.toml"), "w") as f:
        f.write('[env]\nBENCH = "1"\n\n[tasks.noop]\nrun = "true"\n')
    env = dict(os.environ, MISE_DATA_DIR=os.path.join(work, "mise-data"),
               MISE_CONFIG_DIR=os.path.join(work, "mise-config"),
               MISE_CACHE_DIR=os.path.join(work, "mise-cache"),
               MISE_STATE_DIR=os.path.join(work, "mise-state"),
               MISE_TRUSTED_CONFIG_PATHS=proj, MISE_YES="1")
    subprocess.run([mise, "trust", proj], env=env, cwd=proj, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    t, b, ratio = paired_in([mise, "exec", "--", "true"], base, env, proj, runs)
    print(f"mise exec -- true                      {t * 1000:7.1f} ms  python -c pass "
          f"{b * 1000:.1f} ms  {ratio:.2f}x  (paired)")
    t = timed([mise, "run", "noop"], env, proj, runs)
    print(f"mise run noop (a task: true)           {t * 1000:7.1f} ms{cpu_note()}")


if __name__ == "__main__":
    main()
