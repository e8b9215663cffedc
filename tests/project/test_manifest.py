"""envmgr.toml: found upwards, every mistake one line naming the file, line and key, exit 2."""

from __future__ import annotations

import json

import pytest
from authoring_helpers import ROOT
from project_fixture import project_fixture  # noqa: F401 - the `project` fixture

GOOD = """\
[project]
name = "demo"

[needs]
python = ">=3.8"                     # a soft by name
cc = { tags = ["compiler", "lang-c"], version = ">=4" }
cuda = { version = ">=12", when = { gpu = "nvidia" } }
numpy = { name = "py-numpy", install = "never", optional = true }

[env]
PYHOME = "${{ needs.python.prefix }}"

[tasks.build]
run = "true"
[tasks.bench]
run = ["true", "echo bench"]
depends = ["build"]
"""

BAD = [
    # (what, manifest text, line, words the message must hold)
    ("not TOML", "[needs]\npython = >=3.8\n", 2, ["not valid TOML"]),
    ("unknown top key", "[project]\nname = 'x'\n\n[nedes]\n", 4, ["nedes", "unknown key",
                                                                     "needs"]),
    ("unknown need key", "[needs]\ncc = { tags = ['compiler'], verison = '1' }\n", 2,
     ["needs.cc.verison", "unknown key", "version"]),
    ("need with no name or tags", '[needs]\n"my tool" = { version = "1" }\n', 2,
     ["no name or tags"]),
    ("empty tags", "[needs]\ncc = { tags = [] }\n", 2, ["needs.cc.tags"]),
    ("blank name", "[needs]\ncc = { name = '' }\n", 2, ["needs.cc.name"]),
    ("bad version spec", "[needs]\n\npython = '>=3..x'\n", 3,
     ["needs.python", "version spec"]),
    ("bad version in a table", "[needs.cc]\ntags = ['compiler']\nversion = '1 - '\n", 3,
     ["needs.cc.version"]),
    ("when on an unknown fact", "[needs]\ncuda = { when = { gpuu = 'nvidia' } }\n", 2,
     ["needs.cuda.when.gpuu", "unknown fact", "gpu"]),
    ("install neither auto nor never", "[needs]\ncmake = { install = 'maybe' }\n", 2,
     ["needs.cmake.install"]),
    ("task depends on itself", "[tasks.a]\nrun = 'true'\ndepends = ['a']\n", 3,
     ["tasks.a.depends", "itself"]),
    ("task depends on a missing task", "[tasks.a]\nrun = 'true'\ndepends = ['bild']\n"
     "[tasks.build]\nrun = 'true'\n", 3, ["tasks.a.depends", "bild", "build"]),
    ("tasks in a loop", "[tasks.a]\nrun = 'true'\ndepends = ['b']\n[tasks.b]\nrun = 'true'\n"
     "depends = ['a']\n", 3, ["loop"]),
    ("${{ }} names a missing need", "[needs]\npython = '*'\n[env]\n"
     "X = '${{ needs.pyhton.prefix }}'\n", 4, ["env.X", "pyhton", "python"]),
    ("${{ }} in a task names a missing need", "[tasks.t]\n"
     "run = 'echo ${{ needs.cc.prefix }}'\n", 2, ["tasks.t.run", "'cc'"]),
    ("${{ }} names no field", "[needs]\npython = '*'\n[env]\nX = '${{ needs.python.home }}'\n",
     4, ["env.X", "home"]),
    ("a task with no run", "[tasks.t]\ndepends = []\n", 1, ["tasks.t", "no 'run'"]),
]


@pytest.mark.parametrize("what,text,line,words", BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("command", [["sync"], ["status"], ["run", "--", "true"]])
def test_a_bad_manifest_is_one_line_naming_file_line_and_key(project, what, text, line, words,
                                                             command):
    folder, run = project
    (folder / "envmgr.toml").write_text(text)
    r = run(*command)
    assert r.rc == 2, r.err
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.err, r.err
    assert lines[0].startswith(f"envmgr: error: envmgr.toml:{line}: "), r.err
    for w in words:
        assert w in lines[0], (w, r.err)
    assert sorted(p.name for p in folder.iterdir()) == ["envmgr.toml"]  # nothing written


def test_the_good_manifest_reads(project):
    folder, run = project
    (folder / "envmgr.toml").write_text(GOOD)
    from envmgr.project.manifest import load

    m = load(str(folder / "envmgr.toml"))
    assert list(m.needs) == ["python", "cc", "cuda", "numpy"]
    assert m.needs["cc"].tags == ("compiler", "lang-c")
    assert m.needs["cuda"].name == "cuda" and m.needs["cuda"].when == {"gpu": "nvidia"}
    assert m.needs["numpy"].install == "never" and m.needs["numpy"].optional
    assert m.tasks["bench"].depends == ("build",)
    assert m.line_of("needs", "cc", "version") == 6


def test_the_manifest_is_found_in_a_parent_folder(project):
    folder, run = project
    (folder / "envmgr.toml").write_text('[project]\nname = "up"\n')
    deep = folder / "a" / "b"
    deep.mkdir(parents=True)
    r = run("status", "--json", cwd=deep)
    assert r.rc == 0, r.err
    assert r.json()["manifest"] == str(folder / "envmgr.toml")


def test_outside_a_project_run_says_from_where(project, tmp_path):
    folder, run = project
    r = run("run", "--", "true", cwd=tmp_path)
    assert r.rc == 2
    assert r.err.strip() == (f"envmgr: error: no envmgr.toml was found in {tmp_path} or any "
                             "folder above it; start a project here with 'envmgr init'")


def test_the_schema_accepts_the_documented_manifest_and_names_every_key():
    import fastjsonschema

    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    from envmgr.project import manifest

    schema = json.loads((ROOT / "envmgr" / "project" / "manifest.schema.json").read_text())
    validate = fastjsonschema.compile(schema)
    validate(tomllib.loads(GOOD))
    need = schema["$defs"]["need"]["oneOf"][1]["properties"]
    assert sorted(need) == sorted(manifest._NEED_KEYS)
    assert sorted(schema["$defs"]["when"]["properties"]) == sorted(manifest.FACTS)
    assert sorted(schema["properties"]) == sorted(manifest._TOP)
    assert sorted(schema["$defs"]["task"]["oneOf"][2]["properties"]) == sorted(
        manifest._TASK_KEYS)
    for bad in ('[nedes]\n', '[needs]\ncc = { verison = "1" }\n',
                '[needs]\ncc = { when = { gpuu = "x" } }\n'):
        with pytest.raises(fastjsonschema.JsonSchemaException):
            validate(tomllib.loads(bad))
