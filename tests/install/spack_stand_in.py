"""A stand-in for Spack 1.1.0 that replays what a real Spack 1.1.0 printed.

Spack is on no registry CI reaches, so CI runs this script as ``spack`` (the tests copy it
into a ``bin`` folder with their Python in its first line). Everything it prints is a
capture of real Spack 1.1.0 (spack-packages v2025.11.0, clingo 5.8.3, Debian 12, gcc 12.2,
Spack's scopes moved under envmgr's folder as the front-end does), kept verbatim in
``data/spack-1.1.0/`` (``captures.md`` there says how each was made), with the capture's
paths, package name, version and DAG hash replaced by this run's:

- ``spec --json SPEC``: the real concrete spec of ``bzip2@1.0.8``; another package gets
  that spec with its own name, version and a hash made from them. ``bzip2@1.0.8 ^zlib``
  and ``no-such-package`` replay real concretization errors;
- ``install --fail-fast SPEC`` (or ``./spec.json``): the real output of installing it
  (``.spack/spec.json`` in the prefix, as Spack keeps it), and the prefix
  laid out as Spack installed it (``prefix-bzip2.txt``, the listing of the real prefix;
  another package: the files of ``STAND_IN_LAYOUT``, a JSON table by package). Spec
  ``failing-build`` replays a real failed build (its phase, its compiler error, "See build
  log for details: PATH"), ``bzip2@1.0.6`` a real failed fetch from an offline mirror;
- ``location -i /HASH``, ``uninstall -y /HASH``: real outputs, the store changed as Spack
  changes it.

``STAND_IN_LOG``: a folder where each call leaves its argv, cwd, the Spack variables of its
environment and a copy of the ``-C`` folder. ``STAND_IN_SLOW=SECONDS``: install sleeps
after its first line (a build in progress, to be killed), writing its pid to
``STAND_IN_LOG/install.pid``.
"""

import base64
import hashlib
import json
import os
import re
import shutil
import sys
import time

DATA = os.path.join(os.path.dirname(os.path.realpath(__file__)), "data", "spack-1.1.0")
META = json.load(open(os.path.join(DATA, "captures.json")))
CAP_ROOT, CAP_HASH = META["root"], META["bzip2_hash"]


def data(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return f.read()


def fail(text, rc=1):
    sys.stdout.write(text)
    sys.stdout.flush()
    sys.exit(rc)


def dag_hash(text):
    return base64.b32encode(hashlib.sha256(text.encode()).digest()).decode().lower()[:32]


argv = sys.argv[1:]
if argv == ["--version"]:
    print(META["version"])
    sys.exit(0)
cfg = None
if argv[:1] == ["-C"]:
    cfg, argv = argv[1], argv[2:]
log = os.environ.get("STAND_IN_LOG")
if log:
    os.makedirs(log, exist_ok=True)
    n = len([p for p in os.listdir(log) if p.endswith(".json")])
    with open(os.path.join(log, f"{n:02d}-{argv[0]}.json"), "w") as f:
        json.dump({"argv": sys.argv[1:], "cwd": os.getcwd(),
                   "env": {k: v for k, v in os.environ.items() if k.startswith("SPACK_")}}, f)
    if cfg:
        shutil.copytree(cfg, os.path.join(log, f"{n:02d}-config"))
root = None
if cfg and os.path.exists(os.path.join(cfg, "config.yaml")):
    m = re.search(r'root: "([^"]+)/store"', open(os.path.join(cfg, "config.yaml")).read())
    root = m and m.group(1)
if root is None:
    fail("==> Error: the stand-in needs -C with envmgr's config.yaml\n")
store = os.path.join(root, "store")


def here(text, name="bzip2", version="1.0.8", h=CAP_HASH, captured=CAP_HASH):
    """A capture with this run's paths, package, version and hash."""
    text = text.replace(CAP_ROOT, root).replace(captured, h)
    return text.replace(f"bzip2-1.0.8-{h}", f"{name}-{version}-{h}").replace(
        "Installing bzip2", f"Installing {name}").replace("bzip2:", f"{name}:").replace(
        "for bzip2", f"for {name}")


def prefix_of(h):
    for arch in os.listdir(store) if os.path.isdir(store) else ():
        for d in os.listdir(os.path.join(store, arch)):
            if d.endswith("-" + h):
                return os.path.join(store, arch, d)
    return None


def concretize(text):
    """Real Spack's concrete spec of bzip2@1.0.8, renamed to ``text``'s package and
    version; a captured concretization error for a captured spec text."""
    if text in META["concretize_errors"]:
        capture = META["concretize_errors"][text]
        fail(data(capture["file"]), capture["rc"])
    m = re.match(r"^([a-z0-9][a-z0-9_-]*)(?:@([^\s%+~^]+))?", text)
    if not m:
        fail(f"==> Error: the stand-in cannot read {text!r}\n")
    name, version = m.group(1), (m.group(2) or "1.0").split(":")[0]
    lines = data("spec-bzip2.out").splitlines()
    spec = json.loads(lines[-1])
    node = spec["spec"]["nodes"][0]
    h = CAP_HASH if (name, version) == ("bzip2", "1.0.8") else dag_hash(f"{name}@{version}")
    node.update(name=name, version=version, hash=h)
    return lines[:-1], spec


if argv[:2] == ["spec", "--json"]:
    notes, spec = concretize(" ".join(argv[2:]))
    print("\n".join([*notes, json.dumps(spec)]))
    sys.exit(0)

if argv[:1] == ["install"]:
    target = " ".join(a for a in argv[1:] if a != "--fail-fast")
    if target.endswith(".json"):
        spec = json.load(open(os.path.join(os.getcwd(), target)))
    else:
        spec = concretize(target)[1]
    node = spec["spec"]["nodes"][0]
    name, version, h = node["name"], node["version"], node["hash"]
    failure = META["install_errors"].get(f"{name}@{version}")
    if failure:
        fail(data(failure["file"]).replace(CAP_ROOT, root).replace(failure["hash"], h),
             failure["rc"])
    arch = "linux-" + node["arch"]["target"]["name"]
    prefix = os.path.join(store, arch, f"{name}-{version}-{h}")
    out = here(data("install-bzip2.out"), name, version, h).splitlines(keepends=True)
    if os.path.isdir(prefix):  # installed: Spack says so, as it does for its dependencies
        sys.stdout.write("".join(ln for ln in out if ln.startswith("[+] ")))
        sys.exit(0)
    first = next(i for i, ln in enumerate(out) if f"Installing {name}" in ln)
    sys.stdout.write("".join(out[:first + 1]))
    sys.stdout.flush()
    if os.environ.get("STAND_IN_SLOW"):
        with open(os.path.join(log or root, "install.pid"), "w") as f:
            f.write(str(os.getpid()))
        os.makedirs(os.path.join(root, "stage", f"spack-stage-{name}-{version}-{h}"),
                    exist_ok=True)
        time.sleep(float(os.environ["STAND_IN_SLOW"]))
    if name == "bzip2":
        layout = data("prefix-bzip2.txt").splitlines()
    else:
        table = json.load(open(os.environ["STAND_IN_LAYOUT"])) \
            if os.environ.get("STAND_IN_LAYOUT") else {}
        layout = table.get(name, [])
    for line in layout:
        path, _, target = (here(line, name, version, h)).partition(" -> ")
        full = os.path.normpath(os.path.join(prefix, path))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if target:
            os.symlink(target, full)
        elif path.startswith("./bin/"):
            with open(full, "w") as f:  # a program that answers --version and --help
                f.write(f"#!/bin/sh\necho '{name} {version} (a stand-in for {path[6:]})'\n")
            os.chmod(full, 0o755)
        elif path.endswith("/"):
            os.makedirs(full, exist_ok=True)
        else:
            with open(full, "w") as f:
                f.write(f"{name} {version}: {path}\n")
    os.makedirs(os.path.join(prefix, ".spack"), exist_ok=True)
    with open(os.path.join(prefix, ".spack", "spec.json"), "w") as f:
        json.dump(spec, f)
    sys.stdout.write("".join(out[first + 1:]))
    sys.exit(0)

if argv[:2] == ["location", "-i"]:
    h = argv[2].lstrip("/")
    prefix = prefix_of(h)
    if prefix:
        print(prefix)
        sys.exit(0)
    fail(here(data("location-gone.out"), h=h), META["location_gone_rc"])

if argv[:2] == ["uninstall", "-y"]:
    h = argv[2].lstrip("/")
    prefix = prefix_of(h)
    if not prefix:
        fail(here(data("location-gone.out"), h=h), META["location_gone_rc"])
    name, version = json.load(open(os.path.join(prefix, ".spack", "spec.json")))[
        "spec"]["nodes"][0]["name"], os.path.basename(prefix).split("-")[-2]
    shutil.rmtree(prefix)
    sys.stdout.write(here(data("uninstall.out"), name, version, h))
    sys.exit(0)

fail(f"==> Error: the stand-in does not replay {argv}\n")
