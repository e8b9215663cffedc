"""``detect --all`` with hanging tools on PATH (not run by the tests).

    python benchmarks/hung_tools.py            # 40 hanging cmakes
    python benchmarks/hung_tools.py --tools 8

Each tool is a ``cmake`` that never answers, in a dir of its own on PATH. The first run
waits for their timeouts; a timeout is remembered by the file's stat, so the second run
should cost what a run without them does. ``--refresh`` waits for them again.

It uses ``python -m envmgr`` from this checkout and a throw-away ENVMGR_HOME.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", type=int, default=40, help="hanging tools on PATH")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="envmgr-hung-")
    try:
        dirs = []
        for i in range(args.tools):
            d = os.path.join(work, f"t{i}")
            os.makedirs(d)
            path = os.path.join(d, "cmake")
            with open(path, "w") as f:
                f.write(f"#!/bin/sh\n# tool {i}\nexec sleep 600\n")
            os.chmod(path, 0o755)
            dirs.append(d)
        env = dict(os.environ, ENVMGR_HOME=os.path.join(work, "home"),
                   ENVMGR_CONFIG_DIR=os.path.join(work, "config"),
                   PATH=os.pathsep.join([*dirs, os.environ.get("PATH", "")]),
                   PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        argv = [sys.executable, "-m", "envmgr", "detect", "--all"]
        for label, extra in (("first run", []), ("second run", []), ("second run", []),
                             ("--refresh", ["--refresh"])):
            start = time.perf_counter()
            subprocess.run([*argv, *extra], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=True)
            print(f"detect --all, {args.tools} hanging tools, {label:12} "
                  f"{time.perf_counter() - start:8.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
