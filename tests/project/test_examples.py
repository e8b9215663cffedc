"""examples/: the C benchmark across the machine's compilers, the Python one with numpy and a
catalogue model served by a loopback mirror. Each is copied out and run as a user would."""

from __future__ import annotations

import io
import os
import shutil
import tarfile

import pytest
from authoring_helpers import ROOT
from project_fixture import project_fixture, server_fixture  # noqa: F401 - the fixtures
from test_each_export import compilers


def copy_example(name: str, folder) -> None:
    for path in (ROOT / "examples" / name).iterdir():
        shutil.copy(path, folder / path.name)


@pytest.mark.skipif(not compilers(), reason="no C compiler here")
def test_the_c_benchmark_runs_with_each_compiler(project):
    folder, run = project
    copy_example("c-bench", folder)
    r = run("run", "--each", "cc", "--keep-going", "--json", "bench", "3")
    runs = r.json()["runs"]
    # every gcc and clang builds and runs it (a vendor compiler here may not: its failure
    # is its own row, and --keep-going ran the others)
    ours = [x for x in runs if x["soft"] in ("gcc", "llvm")]
    installations = {os.path.realpath(shutil.which(c)) for c in compilers()}
    assert installations <= {os.path.realpath(x["executable"]) for x in ours}
    blocks = {b.split(" ", 2)[1]: b for b in r.err.split("== ")[1:]}  # version → its output
    sums = set()
    for x in ours:
        assert x["status"] == 0, r.err
        block = blocks[x["version"]]
        compiler = next(ln for ln in block.splitlines() if ln.startswith("compiler: "))
        assert x["version"] in compiler, (x, compiler)  # built by that very compiler
        sums.add(next(ln for ln in block.splitlines() if ln.startswith("checksum: ")))
        assert (folder / "build" / x["entry"] / "bench").is_file()
    assert len(sums) == 1  # and they agree
    # and with the compiler the lock chose
    r = run("run", "bench")
    assert r.rc == 0 and "checksum: " in r.out, r.err


def model_archive(payload: bytes) -> bytes:
    """What Google's quantized_v2_224_100.tgz holds where the recipe looks: model.tflite
    under one top folder (test bytes: the real ones cannot be downloaded here)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        info = tarfile.TarInfo("quantized_v2_224_100/model.tflite")
        info.size = len(payload)
        tf.addfile(info, io.BytesIO(payload))
    return buf.getvalue()


def test_the_python_example_with_numpy_and_a_model_from_a_mirror(project, server, tmp_path):
    folder, run = project
    found = run("detect", "py-numpy", "--json")
    if found.rc != 0 or not found.json():
        pytest.skip("no Python here has numpy (apt-get install python3-numpy)")
    copy_example("py-model", folder)
    payload = bytes(range(256)) * 40 + b"\x07" * 1000
    server.add("/mirror/model-mobilenet/quantized_v2_224_100.tgz", model_archive(payload))
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(f'mirrors = ["{server.url}/mirror"]\n')
    r = run("sync")
    assert r.rc == 1 and "checksum" in r.err  # none published: it must be allowed
    assert not (folder / "envmgr.lock").exists()
    r = run("sync", "--no-checksum")
    assert r.rc == 0, r.err
    assert "model → model-mobilenet 2018.08.02" in r.out and "→ installed" in r.out
    assert "numpy → py-numpy" in r.out
    r = run("run", "bench")
    assert r.rc == 0, r.err
    assert f"bytes: {len(payload)}" in r.out and "most common byte: 7" in r.out
    py = [ln for ln in r.out.splitlines() if ln.startswith("python: ")]
    assert py and "numpy: " in py[0]
