"""Variants chosen by name or by tags, end to end: the builtin model-mobilenet planned, and a
recipe with variants installed twice from a real loopback server, each build then picked
by its tags in a shell."""

from __future__ import annotations

import hashlib

from loopback_server import server_fixture  # noqa: F401 - the `server` fixture
from test_install_transaction import tarball


def _root(plan: dict) -> dict:
    return next(s for s in plan["steps"] if s["key"] == plan["roots"][0])


def test_mobilenet_variants_by_name_and_by_tags(cli, home):
    r = cli("install", "model-mobilenet", "--variant", "version=v2,precision=int8",
            "--dry-run", "--json")
    assert r.rc == 0, r.err
    step = _root(r.json())
    assert step["variants"]["version"] == "v2" and step["variants"]["precision"] == "int8"
    assert [s["url"] for s in step["sources"]] == [
        "https://storage.googleapis.com/mobilenet_v2/checkpoints/quantized_v2_224_100.tgz"]
    r = cli("install", "--tags=model,mobilenet,v1,onnx", "--dry-run", "--json")
    assert r.rc == 0, r.err
    step = _root(r.json())
    assert (step["variants"]["version"], step["variants"]["format"]) == ("v1", "onnx")
    assert step["sources"][0]["url"].endswith("/mobilenet_v1_1.0_224.onnx")
    assert "needs --no-checksum" in " ".join(step["notes"])
    # the default: v1, 1.0, 224, fp32 tflite, with its sha256 and size on the tree
    r = cli("install", "model-mobilenet", "--dry-run")
    assert r.rc == 0 and "mobilenet_v1_1.0_224.tgz sha256:2fadeabb" in r.out and " MB" in r.out


def test_a_combination_upstream_never_published_is_refused_before_any_download(cli, home):
    r = cli("install", "--tags=model,mobilenet,v2,onnx", "--dry-run")
    assert r.rc == 0 and "note: cannot be installed: the recipe has no source for" in r.out
    r = cli("install", "--tags=model,mobilenet,v2,onnx")
    assert r.rc != 0 and "upstream never published that combination" in r.err
    assert "Traceback" not in r.err
    assert cli("list", "--tags=model-mobilenet", "--json").json() == []


def test_a_download_nobody_can_make_says_so_in_the_plan(cli, home):
    r = cli("install", "dataset-imagenet-val", "--dry-run")
    assert r.rc == 0, r.err
    assert "note: cannot be installed:" in r.out
    assert "envmgr detect dataset-imagenet-val --search-path DIR" in r.out


def test_builds_of_two_variants_are_told_apart_by_their_tags(cli, home, server, tmp_path,
                                                             monkeypatch):
    files = {f: tarball({f"net.{f}": (f"a {f} model\n", 0o644)}, top=".")
             for f in ("tflite", "onnx")}
    for f, data in files.items():
        server.add(f"/net-{f}.tgz", data)
    sums = {f: hashlib.sha256(d).hexdigest() for f, d in files.items()}
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    (recipes / "model-net.toml").write_text(f'''schema_version = 1
name = "model-net"
summary = "a model in two formats"
category = "models"
tags = ["model", "net"]
[variants.format]
values = ["tflite", "onnx"]
default = "tflite"
[[versions]]
version = "1.0"
[[versions.sources]]
if = {{ format = "tflite" }}
then = [{{ url = "{server.url}/net-tflite.tgz", sha256 = "{sums['tflite']}" }}]
else = [{{ url = "{server.url}/net-onnx.tgz", sha256 = "{sums['onnx']}" }}]
[frontend]
name = "download"
[provides]
env = {{ NET_FILE = "${{{{ prefix }}}}/net.${{{{ format }}}}" }}
[tests]
files = ["net.${{{{ format }}}}"]
''')
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    assert cli("install", "model-net").rc == 0
    r = cli("install", "--tags=model,net,onnx")
    assert r.rc == 0, r.err
    for fmt in ("onnx", "tflite"):
        run = cli("shell", f"--tags=model,net,{fmt}", "--", "sh", "-c", 'cat "$NET_FILE"')
        assert run.rc == 0 and run.out == f"a {fmt} model\n", run.err
    # a second install by tags is a no-op naming the entry
    again = cli("install", "--tags=model,net,onnx")
    assert again.rc == 0 and "already installed" in again.out


def test_tags_one_recipe_nearly_has_name_it_and_its_variants(cli, home):
    r = cli("install", "--tags=model,mobilenet,v9", "--dry-run")
    assert r.rc == 3 and "model-mobilenet has model, mobilenet but not v9" in r.err
    assert "version: v1, v2, v3" in r.err and "Traceback" not in r.err
    # as near to several recipes: no guess
    r = cli("install", "--tags=model,nosuchvariant", "--dry-run")
    assert r.rc == 3 and " has model" not in r.err
