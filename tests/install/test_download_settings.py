"""The download front-end's settings.env (chosen per variant) and settings.unavailable."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture
from test_install_transaction import tarball


@pytest.fixture
def recipes(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "recipes"
    folder.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(folder))
    return folder


def test_settings_env_is_chosen_per_variant_and_exported(cli, server, recipes):
    data = tarball({"m.tflite": ("tflite", 0o644), "m.onnx": ("onnx", 0o644)}, top=".")
    url = server.add("/dl/m.tgz", data)
    (recipes / "model-toy.toml").write_text(f"""schema_version = 1
name = "model-toy"
summary = "a toy model"
[variants.format]
values = ["tflite", "onnx"]
default = "tflite"
[[versions]]
version = "1.0"
[[versions.sources]]
url = "{url}"
sha256 = "{hashlib.sha256(data).hexdigest()}"
[frontend]
name = "download"
[[frontend.select]]
if = {{ format = "tflite" }}
[frontend.select.then.env]
ENVMGR_MODEL_FILE = "${{{{ prefix }}}}/m.tflite"
ENVMGR_MODEL_LAYOUT = "NHWC"
[[frontend.select]]
if = {{ format = "onnx" }}
[frontend.select.then.env]
ENVMGR_MODEL_FILE = "${{{{ prefix }}}}/m.onnx"
ENVMGR_MODEL_LAYOUT = "NCHW"
[provides]
env = {{ ENVMGR_MODEL_FRAMEWORK = "${{{{ format }}}}", ENVMGR_MODEL_LAYOUT = "overridden" }}
""")
    r = cli("install", "model-toy", "--variant", "format=onnx")
    assert r.rc == 0, r.err
    [e] = cli("list", "--json").json()
    assert e["env"] == {"ENVMGR_MODEL_FILE": str(Path(e["prefix"], "m.onnx")),
                        "ENVMGR_MODEL_LAYOUT": "NCHW", "ENVMGR_MODEL_FRAMEWORK": "onnx"}
    shell = cli("shell", "--tags=model-toy", "--", "sh", "-c", 'cat "$ENVMGR_MODEL_FILE"')
    assert shell.rc == 0 and shell.out == "onnx"


def test_unavailable_stops_before_any_download_with_its_message(cli, home, server, recipes):
    url = server.add("/dl/never.tar", b"never fetched")
    (recipes / "dataset-gated.toml").write_text(f"""schema_version = 1
name = "dataset-gated"
summary = "a gated dataset"
[[versions]]
version = "2012"
[[versions.sources]]
url = "{url}"
checksum = "none-published"
reason = "test"
[frontend]
name = "download"
[frontend.settings]
unavailable = "nobody can download it; run `envmgr detect ${{{{ name }}}} --search-path DIR`"
""")
    r = cli("install", "dataset-gated", "--no-checksum")
    assert r.rc == 1
    assert ("cannot install dataset-gated@2012: nobody can download it; run "
            "`envmgr detect dataset-gated --search-path DIR`") in r.err
    assert "Traceback" not in r.err
    assert server.routes["/dl/never.tar"].hits == 0
    assert cli("list", "--json").json() == []


def test_the_catalogue_imagenet_val_recipe_names_the_detect_command(cli, server):
    r = cli("install", "dataset-imagenet-val")
    assert r.rc == 1 and "envmgr detect dataset-imagenet-val --search-path DIR" in r.err
