"""spack and json exports, the formats as plugins, and what bad input gets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import export_helpers
import pytest

from envmgr.activate.envops import ops_from_json

entries = export_helpers.entries  # the fixture, where pytest looks for it


def _packages_yaml(text):
    """The externals of a packages.yaml as envmgr writes it: {package: [{key: value}]}
    (a small reader of that shape: two-space indents, JSON-quoted scalars)."""
    out: dict[str, list[dict[str, object]]] = {}
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert lines[0] == "packages:"
    current = None
    for ln in lines[1:]:
        if ln.startswith("  ") and not ln.startswith("   "):
            package = json.loads(ln.strip()[:-1])
            current = out.setdefault(package, [])
        elif ln.startswith("    - spec: "):
            current.append({"spec": json.loads(ln.split(": ", 1)[1])})
        elif ln.startswith("      prefix: "):
            current[-1]["prefix"] = json.loads(ln.split(": ", 1)[1])
        elif ln.startswith("          "):
            lang, path = ln.strip().split(": ", 1)
            current[-1].setdefault("compilers", {})[lang] = json.loads(path)
    return out


def test_json_has_the_ops_and_entries(cli, entries):
    r = cli("export", "--tags=gizmo,v1", "--tags=toycc", "--format", "json")
    assert r.rc == 0, r.err
    data = r.json()
    assert data["format"] == "envmgr-export" and data["version"] == 1
    assert data["name"] == "gizmo/1.0" and data["selection"] == [["gizmo", "v1"], ["toycc"]]
    ops = ops_from_json(data["ops"])
    assert [e["soft"] for e in data["entries"]] == ["gizmo", "toycc"]
    assert all(op.var != "ENVMGR_ACTIVE" for op in ops)
    shell = cli("shell", "--tags=gizmo,v1", "--tags=toycc", "--", "sh", "-c", 'printf %s "$CC"')
    assert any(op.var == "CC" and op.value == shell.out for op in ops)


def test_spack_externals_with_prefixes_and_compilers(cli, entries):
    r = cli("export", "--all", "--format", "spack")
    assert r.rc == 0, r.err
    got = _packages_yaml(r.out)
    assert sorted(got) == ["gizmo", "toycc"]
    assert [e["spec"] for e in got["gizmo"]] == ["gizmo@1.0", "gizmo@2.0"]
    assert got["gizmo"][0]["prefix"] == str(entries["gizmo-1.0"])
    [toycc] = got["toycc"]
    assert toycc == {"spec": "toycc@3.1", "prefix": str(entries["toycc-3.1"])}


@pytest.mark.slow
def test_spack_python_prefix_is_the_real_install_not_the_venv(cli, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    r = cli("detect", "python", "--no-default-paths", "--search-path", str(venv / "bin"))
    assert r.rc == 0, r.err
    r = cli("export", "--tags=python,venv", "--format", "spack")
    assert r.rc == 0, r.err
    [python] = _packages_yaml(r.out)["python"]
    assert python["prefix"] == sys.base_prefix
    assert os.path.realpath(python["prefix"]) != os.path.realpath(venv)


@pytest.mark.skipif(not os.environ.get("ENVMGR_TEST_SPACK") or not shutil.which("spack"),
                    reason="set ENVMGR_TEST_SPACK on a machine with Spack")
def test_real_spack_reads_the_externals(cli, entries, tmp_path):
    scope = tmp_path / "scope"
    r = cli("export", "--all", "--format", "spack", "-o", f"{scope}/")
    assert r.rc == 0, r.err
    out = subprocess.run(["spack", "-C", str(scope), "config", "get", "packages"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "gizmo@1.0" in out.stdout and str(entries["gizmo-1.0"]) in out.stdout


def test_spack_of_nothing_detected_says_so(cli, home):
    r = cli("export", "--all", "--format", "spack")
    assert r.rc == 3 and "Traceback" not in r.err and "detected" in r.err


EXPORTER_PLUGIN = '''
from envmgr import hookimpl
from envmgr.export.exporter import Exporter


class Upper(Exporter):
    name = "upper"
    summary = "names of what is set, upper-cased"
    filename = "UPPER"

    def render(self, request):
        return "".join(op.var.upper() + "\\n" for op in request.ops)


class Shout(Exporter):
    name = "sh"
    summary = "a user's sh, over the builtin one"

    def render(self, request):
        return "shout\\n"


@hookimpl
def envmgr_register_exporters(exporters):
    exporters.add("upper", Upper())
    exporters.add("sh", Shout())
'''


def test_an_exporter_plugin_adds_a_format_and_wins_a_builtin_name(cli, entries, tmp_path):
    plugin_dir = os.environ["ENVMGR_PLUGIN_PATH"]
    with open(os.path.join(plugin_dir, "upper_export.py"), "w") as f:
        f.write(EXPORTER_PLUGIN)
    listed = cli("export", "--list", "--json").json()
    by_name = {row["name"]: row for row in listed}
    assert by_name["upper"]["summary"] == "names of what is set, upper-cased"
    assert {"lmod", "tcl", "direnv", "sh", "dockerfile", "apptainer", "spack", "json"} <= set(
        by_name)
    r = cli("export", "--tags=gizmo", "--format", "upper")
    assert r.rc == 0 and "GIZMO_ROOT\n" in r.out
    assert cli("export", "--tags=gizmo", "--format", "sh").out == "shout\n"
    r = cli("export", "--tags=gizmo", "--format", "upper", "-o", f"{tmp_path}/o/")
    assert (tmp_path / "o/UPPER").read_text().startswith("PATH\n")


@pytest.mark.parametrize("args, rc, words", [
    (["--tags=gizmo"], 2, "needs --format"),
    (["--tags=gizmo", "--format", "nope"], 2, "use one of: apptainer, direnv"),
    (["--format", "lmod"], 2, "needs --tags or --all"),
    (["--all", "--tags=gizmo", "--format", "lmod"], 2, "not both"),
    (["--all", "--format", "sh"], 2, "no --all form"),
    (["--all", "--format", "lmod"], 2, "-o DIR"),
    (["--tags=nothing-here", "--format", "sh"], 3, "nothing-here"),
    (["--tags=gizmo", "--format", "lmod", "--name", "../x"], 2, "not a module name"),
    (["--tags=gizmo", "--format", "lmod", "-o", "/proc/nope/x.lua"], 1, "cannot write"),
])
def test_bad_input_is_one_clear_sentence(cli, entries, args, rc, words):
    r = cli("export", *args)
    assert r.rc == rc, r.err
    assert words in r.err and "Traceback" not in r.err and r.out == ""


def test_a_vanished_entry_is_not_exported_and_left_out_of_a_tree(cli, entries, tmp_path):
    (entries["gizmo-1.0"] / "bin/gizmo").unlink()
    r = cli("export", "--tags=gizmo,v1", "--format", "lmod")
    assert r.rc == 3 and "no longer exists" in r.err and r.out == ""
    r = cli("export", "--all", "--format", "lmod", "-o", str(tmp_path / "t"))
    assert r.rc == 0 and "left out gizmo 1.0" in r.err
    assert not (tmp_path / "t/gizmo/1.0.lua").exists() and (tmp_path / "t/gizmo/2.0.lua").exists()


def test_a_variable_that_is_not_a_name_is_refused(cli, tmp_path, monkeypatch, home):
    from conftest import write_tool

    d = tmp_path / "bad-plugins"
    d.mkdir()
    (d / "bad.py").write_text(
        "from envmgr.detect.soft import Soft\n\n\nclass Bad(Soft):\n    name = 'badvar'\n"
        "    executables = [r'badvar']\n    version_regex = r'badvar (\\S+)'\n"
        "    env = {'X; rm -rf /': '1'}\n")
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(d))
    write_tool(tmp_path / "b/bin/badvar", 'echo "badvar 1.0"\n')
    assert cli("detect", "badvar", "--no-default-paths", "--search-path",
               str(tmp_path / "b")).rc == 0
    for fmt in ("lmod", "tcl", "sh", "direnv", "dockerfile", "apptainer"):
        r = cli("export", "--tags=badvar", "--format", fmt)
        assert r.rc == 2 and "not a variable name" in r.err and r.out == "", fmt


SPACK_DATA = os.path.join(os.path.dirname(__file__), "data")

SPACK_STAND_IN = r'''#!{python}
"""A stand-in for Spack 1.1.0's `spack -C DIR config get packages` (see test_data.py)."""
import sys
argv = sys.argv[1:]
if argv[:1] != ["-C"] or argv[2:] != ["config", "get", "packages"]:
    sys.exit("this stand-in replays only `spack -C DIR config get packages`")
given = open(argv[1] + "/packages.yaml").read()
if given != open({captured_in!r}).read():
    sys.exit("==> Error: no capture of real Spack for this packages.yaml: capture it again")
sys.stdout.write(open({captured_out!r}).read())
'''


def _externals(text):
    """(spec, prefix) pairs of a packages.yaml as envmgr writes it or Spack prints it."""
    pairs, spec = [], None
    for line in text.splitlines():
        item = line.strip()
        if item.startswith("- spec: "):
            spec = item[len("- spec: "):].strip('"')
        elif item.startswith("prefix: ") and spec is not None:
            pairs.append((spec, item[len("prefix: "):].strip('"')))
            spec = None
    return pairs


def test_spack_reads_the_externals_captured(cli, home, tmp_path):
    """CI has no Spack: the entries of a real detection (data/spack-externals-entries.json)
    are exported, the bytes must be those real Spack 1.1.0 was given, and a stand-in
    replays what it printed back (data/spack-1.1.0-config-get-packages.txt, captured
    with `spack -C DIR config get packages`): every external there, prefix unchanged."""
    from envmgr.api import Envmgr
    from envmgr.store.entry import Entry

    with open(os.path.join(SPACK_DATA, "spack-externals-entries.json")) as f:
        captured = json.load(f)
    em = Envmgr()
    em.registry.upsert([Entry.from_json(e) for e in captured["entries"]])
    em.close()
    scope = tmp_path / "scope"
    r = cli("export", "--all", "--format", "spack", "-o", f"{scope}/")
    assert r.rc == 0, r.err
    given = os.path.join(SPACK_DATA, "spack-1.1.0-packages.yaml")
    with open(given) as f:
        assert (scope / "packages.yaml").read_text() == f.read()
    spack = tmp_path / "bin" / "spack"
    spack.parent.mkdir()
    spack.write_text(SPACK_STAND_IN.format(
        python=sys.executable, captured_in=given,
        captured_out=os.path.join(SPACK_DATA, "spack-1.1.0-config-get-packages.txt")))
    spack.chmod(0o755)
    out = subprocess.run([str(spack), "-C", str(scope), "config", "get", "packages"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    ours = _externals((scope / "packages.yaml").read_text())
    assert {"cmake@3.25.1", "gcc@12.2.0", "gcc@11.3.0", "python@3.11.2"} <= {s for s, _ in ours}
    read_back = set(_externals(out.stdout))
    assert set(ours) <= read_back, set(ours) - read_back
