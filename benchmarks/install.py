"""Install speed (not run by the tests): plans, search, a big archive, pip, a no-op install.

    python benchmarks/install.py                 # every case, 5 runs each, medians
    python benchmarks/install.py --only dry-run,noop --runs 9
    python benchmarks/install.py --size-mb 100 --keep /tmp/bench   # keep the set-up

Cases (targets from issue 7):

- ``dry-run``: ``install --dry-run`` of a recipe with a chain of 10 dependencies (recipes
  this script writes), < 0.3 s;
- ``search``: ``search`` over the whole catalogue, < 0.3 s;
- ``archive``: installing a ``--size-mb`` MB .tar.gz from a loopback HTTP server, next to
  ``curl -o`` of the same file in the same run, ratio <= 1.2;
- ``pip``: ``install pypi:six`` in a fresh home next to ``python -m venv v && v/bin/pip
  install six`` with the Python envmgr picked (the newest detected), without uv (PATH is
  left as it is: put uv on it to time the uv driver), ratio <= 1.15;
- ``pip-again``: ``install pypi:six`` when it is installed, < 0.2 s;
- ``noop``: installing something already installed, < 0.2 s.

Every command is a whole process (``python -m envmgr`` from this checkout, a throw-away
ENVMGR_HOME), timed from outside; pairs run in turn (A B A B ...), and the ratio is the
median of the ratios of the pairs. ``--keep DIR`` leaves the set-up (recipes, the archive,
a server script) and prints the commands, to time them with another tool.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAIN = 10


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port: int = s.getsockname()[1]
    s.close()
    return port


def _recipe(name: str, url: str, sha: str, size: int, dep: str | None, test: str) -> str:
    deps = f'\n[[dependencies]]\ntags = ["{dep}"]\n' if dep else ""
    return f"""schema_version = 1
name = "{name}"
summary = "{name}, for the install benchmark"
tags = ["{name}", "bench"]

[[versions]]
version = "1.0"
[[versions.sources]]
url = "{url}"
sha256 = "{sha}"
size = {size}
strip_components = 1
{deps}
[frontend]
name = "download"

[tests]
files = ["{test}"]
"""


def _archive(path: str, size_mb: int) -> None:
    """A .tar.gz of about ``size_mb`` MB: random files (gzip cannot shrink them), level 1."""
    chunk = 16 << 20
    with tarfile.open(path, "w:gz", compresslevel=1) as tf:
        left, i = size_mb << 20, 0
        while left > 0:
            n = min(chunk, left)
            info = tarfile.TarInfo(f"big-1.0/data/part{i:03d}.bin")
            info.size = n
            with tempfile.TemporaryFile() as tmp:
                tmp.write(os.urandom(n))
                tmp.seek(0)
                tf.addfile(info, tmp)
            left -= n
            i += 1


def _sha(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Bench:
    def __init__(self, work: str, size_mb: int) -> None:
        self.work = work
        self.size_mb = size_mb
        self.www = os.path.join(work, "www")
        self.recipes = os.path.join(work, "recipes")
        self.home = os.path.join(work, "home")
        os.makedirs(self.www, exist_ok=True)
        os.makedirs(self.recipes, exist_ok=True)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, ENVMGR_HOME=self.home,
                        ENVMGR_CONFIG_DIR=os.path.join(work, "config"),
                        ENVMGR_RECIPE_PATH=self.recipes, NO_PROXY="127.0.0.1",
                        no_proxy="127.0.0.1",
                        PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.env.pop("ENVMGR_OFFLINE", None)
        # an installed envmgr has its .pyc files; a checkout gets them on the warm-up run
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.server: subprocess.Popen[bytes] | None = None

    # -- set-up -------------------------------------------------------------------------
    def setup_chain(self) -> None:
        small = os.path.join(self.www, "small-1.0.tar.gz")
        with tarfile.open(small, "w:gz") as tf:
            info = tarfile.TarInfo("small-1.0/README")
            data = b"small\n"
            info.size = len(data)
            import io

            tf.addfile(info, io.BytesIO(data))
        sha, size = _sha(small), os.path.getsize(small)
        for i in range(CHAIN + 1):
            dep = f"bench-c{i + 1}" if i < CHAIN else None
            with open(os.path.join(self.recipes, f"bench-c{i}.toml"), "w") as f:
                f.write(_recipe(f"bench-c{i}", f"{self.url}/small-1.0.tar.gz", sha, size,
                                dep, "README"))

    def setup_archive(self) -> None:
        path = os.path.join(self.www, "big-1.0.tar.gz")
        if not os.path.exists(path):
            print(f"writing a {self.size_mb} MB archive ...", file=sys.stderr)
            _archive(path, self.size_mb)
        with open(os.path.join(self.recipes, "bench-big.toml"), "w") as f:
            f.write(_recipe("bench-big", f"{self.url}/big-1.0.tar.gz", _sha(path),
                            os.path.getsize(path), None, "data/part000.bin"))

    def start_server(self) -> None:
        # its own process, so that serving never shares the benchmark's interpreter
        self.server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1",
             "--directory", self.www], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("the loopback server did not start")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait()

    # -- commands -----------------------------------------------------------------------
    def envmgr(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "envmgr", *args]

    def run(self, argv: Sequence[str], env: dict[str, str] | None = None) -> float:
        start = time.perf_counter()
        proc = subprocess.run(argv, env=env or self.env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        took = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): "
                             f"{proc.stderr.strip()[-500:]}")
        return took


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _report(label: str, times: list[float], target: str = "") -> None:
    print(f"{label:52} median {_median(times):7.3f} s  (min {min(times):.3f}, "
          f"max {max(times):.3f}, n={len(times)}){'  target ' + target if target else ''}")


def _pair(label: str, runs: int, a: Callable[[], float], b: Callable[[], float],
          target: str = "") -> None:
    ta, tb = [], []
    for _ in range(runs):
        ta.append(a())
        tb.append(b())
    ratios = [x / y for x, y in zip(ta, tb, strict=True)]
    _report(f"{label}: envmgr", ta)
    _report(f"{label}: baseline", tb)
    print(f"{label + ': ratio envmgr/baseline':52} median {_median(ratios):7.2f}"
          f"{'   target ' + target if target else ''}")


def _picked_python(b: Bench, env: dict[str, str]) -> str:
    """The base Python of the venv envmgr made for ``pypi:six``."""
    import json

    out = subprocess.run(b.envmgr("list", "--json"), env=env, capture_output=True,
                         text=True, check=True).stdout
    venv = next(e for e in json.loads(out) if e["soft"] == "python" and e["attrs"].get("venv"))
    return str(venv["attrs"]["base_executable"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--only", default="dry-run,search,archive,pip,pip-again,noop",
                        help="comma-separated cases")
    parser.add_argument("--keep", metavar="DIR", help="set up in DIR and keep it")
    args = parser.parse_args()
    cases = set(args.only.split(","))
    work = args.keep or tempfile.mkdtemp(prefix="envmgr-bench-install-")
    os.makedirs(work, exist_ok=True)
    b = Bench(work, args.size_mb)
    try:
        b.setup_chain()
        if "archive" in cases:
            b.setup_archive()
        b.start_server()
        b.run(b.envmgr("search"))  # warm: the recipe index and validator caches
        if "dry-run" in cases:
            b.run(b.envmgr("install", "bench-c0", "--dry-run"))
            _report(f"install --dry-run, a chain of {CHAIN} dependencies",
                    [b.run(b.envmgr("install", "bench-c0", "--dry-run"))
                     for _ in range(args.runs)], "< 0.3 s")
        if "search" in cases:
            _report("search (the whole catalogue)",
                    [b.run(b.envmgr("search")) for _ in range(args.runs)], "< 0.3 s")
        if "noop" in cases:
            b.run(b.envmgr("install", "bench-c0"))
            _report("install of something already installed",
                    [b.run(b.envmgr("install", "bench-c0")) for _ in range(args.runs)],
                    "< 0.2 s")
        if "archive" in cases:
            big_home = os.path.join(work, "home-big")
            env = dict(b.env, ENVMGR_HOME=big_home)
            out = os.path.join(work, "curl.out")

            def envmgr_big() -> float:
                shutil.rmtree(big_home, ignore_errors=True)  # not timed
                return b.run(b.envmgr("install", "bench-big"), env)

            def curl() -> float:
                if os.path.exists(out):
                    os.unlink(out)
                return b.run(["curl", "-sf", "-o", out, f"{b.url}/big-1.0.tar.gz"])

            _pair(f"install of a {args.size_mb} MB .tar.gz vs curl -o", args.runs,
                  envmgr_big, curl, "<= 1.2")
        if "pip" in cases or "pip-again" in cases:
            pip_home = os.path.join(work, "home-pip")
            venv = os.path.join(work, "v")
            env = dict(b.env, ENVMGR_HOME=pip_home)

            def envmgr_pip() -> float:
                shutil.rmtree(pip_home, ignore_errors=True)
                return b.run(b.envmgr("install", "pypi:six"), env)

            envmgr_pip()  # not timed: which Python envmgr picks
            python = _picked_python(b, env)

            def venv_pip() -> float:
                shutil.rmtree(venv, ignore_errors=True)
                return b.run(["sh", "-c", f'"{python}" -m venv "{venv}" && '
                              f'"{venv}/bin/pip" install -q six'])

            if "pip" in cases:
                print(f"(Python {python})")
                _pair("install pypi:six (fresh home) vs venv + pip install six", args.runs,
                      envmgr_pip, venv_pip, "<= 1.15")
            if "pip-again" in cases:
                b.run(b.envmgr("install", "pypi:six"), env)
                _report("install pypi:six again (installed)",
                        [b.run(b.envmgr("install", "pypi:six"), env)
                         for _ in range(args.runs)], "< 0.2 s")
        if args.keep:
            print(f"\nkept {work}; server: {sys.executable} -m http.server {b.port} --bind "
                  f"127.0.0.1 --directory {b.www}")
    finally:
        b.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
