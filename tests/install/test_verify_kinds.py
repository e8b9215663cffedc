"""`envmgr verify` by kind of entry, on real files: a Python package imported by the very
interpreter whose site-packages holds it, a dataset's marker files (globs too), and a model
file placed as downloaded, checked against its checksum."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture

PLUGIN = '''
from envmgr.soft import Soft


class PyToypkg(Soft):
    name = "py-toypkg"
    category = "python-package"
    summary = "a package made by the test"
    python_dist = "toypkg"
    side_by_side = True


class DatasetToy(Soft):
    name = "dataset-toy"
    category = "dataset"
    summary = "a data set made by the test"
    markers = ["labels.txt", "images/*.jpg"]
    version = "1"
'''


@pytest.fixture
def plugins(tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "toys.py").write_text(PLUGIN)
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(folder))
    return folder


def _verify(cli, tags):
    r = cli("verify", f"--tags={tags}", "--json")
    [got] = r.json()
    return r.rc, got


def test_a_python_package_is_imported_by_its_own_interpreter(cli, home, plugins, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    [site] = venv.glob("lib/python*/site-packages")
    (site / "toypkg").mkdir()
    (site / "toypkg" / "__init__.py").write_text("VALUE = 7\n")
    info = site / "toypkg-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toypkg\nVersion: 1.2\n")
    (info / "top_level.txt").write_text("toypkg\n")
    r = cli("detect", "py-toypkg", "--no-default-paths", "--search-path", str(venv))
    assert r.rc == 0, r.err
    rc, got = _verify(cli, "py-toypkg")
    assert rc == 0 and got["ok"], got
    # the venv's interpreter, the only one that sees the package
    assert f"imported toypkg with {venv}/bin/python" in got["test"]
    (site / "toypkg" / "__init__.py").write_text("raise ImportError('toypkg is broken')\n")
    rc, got = _verify(cli, "py-toypkg")
    assert rc == 1 and not got["ok"] and "toypkg is broken" in got["error"]
    (site / "toypkg" / "__init__.py").write_text("VALUE = 7\n")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toypkg\nVersion: 1.3\n")
    rc, got = _verify(cli, "py-toypkg")
    assert rc == 1 and "has toypkg 1.3, not 1.2" in got["error"]


def test_a_dataset_keeps_its_marker_files(cli, home, plugins, tmp_path):
    data = tmp_path / "toy-data"
    (data / "images").mkdir(parents=True)
    (data / "labels.txt").write_text("cat\ndog\n")
    (data / "images" / "0001.jpg").write_bytes(b"\xff\xd8\xff")
    r = cli("detect", "dataset-toy", "--no-default-paths", "--search-path", str(data))
    assert r.rc == 0, r.err
    rc, got = _verify(cli, "dataset-toy")
    assert rc == 0 and got["test"] == "2 marker files", got
    (data / "images" / "0001.jpg").unlink()
    rc, got = _verify(cli, "dataset-toy")
    assert rc == 1 and "marker images/*.jpg is not in" in got["error"]


def test_a_model_file_is_checked_against_its_checksum(cli, home, server, tmp_path,
                                                      monkeypatch):
    body = b"ONNX-ish bytes of a model\n" * 100
    url = server.add("/m/net.onnx", body)
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    (recipes / "model-toy.toml").write_text(f'''schema_version = 1
name = "model-toy"
summary = "one model file"
category = "models"
tags = ["model", "toy"]
[[versions]]
version = "1.0"
[[versions.sources]]
url = "{url}"
sha256 = "{hashlib.sha256(body).hexdigest()}"
extract = false
[frontend]
name = "download"
[tests]
files = ["net.onnx"]
''')
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    assert cli("install", "model-toy").rc == 0
    rc, got = _verify(cli, "model-toy")
    assert rc == 0 and "1 file checksum" in got["test"], got
    [entry] = cli("list", "--tags=model-toy", "--json").json()
    model = Path(entry["prefix"]) / "net.onnx"
    model.chmod(0o644)
    model.write_bytes(body[:-1] + b"!")
    rc, got = _verify(cli, "model-toy")
    assert rc == 1 and "net.onnx has sha256" in got["error"]
