"""Recipe validation and parsing: every fault names the file, the key path and the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envmgr.install.errors import RecipeError
from envmgr.install.recipe import (
    SCHEMA_PATH,
    Select,
    checksum_conflicts,
    load_recipe,
    load_recipes,
)

SHA_A = "a" * 64
SHA_B = "b" * 64

GOOD = f'''
schema_version = 1
name = "zlib"
summary = "Compression library"
category = "libs"
tags = ["zlib", "compression"]
license = "Zlib"
homepage = "https://zlib.net"
maintainers = ["envmgr"]

[context]
base = "https://zlib.net"

[variants.shared]
values = ["yes", "no"]
default = "yes"

[[versions]]
version = "1.3.1"
[[versions.sources]]
url = "${{{{ base }}}}/zlib-${{{{ version }}}}.tar.gz"
mirrors = ["https://github.com/madler/zlib/releases/download/v1.3.1/zlib-1.3.1.tar.gz"]
sha256 = "{SHA_A}"
size = 1512791
strip_components = 1
[[versions.sources]]
if = {{ shared = "no", os = ["linux", "darwin"] }}
then = [{{ url = "https://example.org/static-${{{{ os }}}}.zip", md5 = "{"c" * 32}" }}]
else = [
  {{ url = "https://example.org/notes.txt", checksum = "none-published", reason = "a text file" }},
]

[[versions]]
version = "1.2.13"
deprecated = true
[[versions.sources]]
url = "https://zlib.net/fossils/zlib-1.2.13.tar.gz"
sha256 = "{SHA_B}"

[[dependencies]]
tags = ["cmake"]
version = ">=3.10"
kind = "build"
[[dependencies]]
if = {{ shared = "no" }}
then = [{{ tags = ["ar"] }}]

[frontend]
name = "download"
settings = {{ configure = ["--prefix=${{{{ prefix }}}}"], build = "make" }}
[[frontend.select]]
if = {{ shared = "no" }}
then = {{ configure = ["--static"] }}

[provides]
lib = ["lib"]
include = ["include"]
files = {{ header = "include/zlib.h" }}
env = {{ ZLIB_ROOT = "${{{{ prefix }}}}" }}

[tests]
commands = [
  "bin/minigzip -h",
  ["test", "-f", "lib/libz.a"],
  {{ if = {{ shared = "yes" }}, then = ["ls lib/libz.so"] }},
]
files = ["include/zlib.h"]
timeout = 30
'''


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"{name}.toml"
    p.write_text(text)
    return p


def test_schema_ships_as_valid_json():
    data = json.loads(SCHEMA_PATH.read_text())
    assert data["$schema"].startswith("http://json-schema.org/draft-07")


def test_a_full_recipe_parses_into_frozen_dataclasses(tmp_path):
    r = load_recipe(write(tmp_path, "zlib", GOOD))
    assert r.name == "zlib" and r.tags == ("zlib", "compression") and r.license == "Zlib"
    assert r.version_names == ("1.3.1", "1.2.13") and r.versions[1].deprecated
    assert r.default_variants() == {"shared": "yes"}
    with pytest.raises(AttributeError):
        r.name = "other"  # type: ignore[misc]
    assert isinstance(r.versions[0].sources[1], Select)

    b = r.select("1.3.1", platform={"os": "linux", "arch": "x86_64"})
    assert [s.url for s in b.sources] == ["https://zlib.net/zlib-1.3.1.tar.gz",
                                         "https://example.org/notes.txt"]
    assert b.sources[0].filename == "zlib-1.3.1.tar.gz" and b.sources[0].extract
    assert b.sources[0].checksum == ("sha256", SHA_A) and b.sources[0].strip_components == 1
    assert b.sources[1].checksum is None and b.sources[1].unchecked_reason == "a text file"
    assert not b.sources[1].extract
    assert [d.tags for d in b.dependencies] == [("cmake",)]
    assert b.dependencies[0].spec is not None and b.dependencies[0].spec.contains("3.27")
    assert b.settings["configure"] == ("--prefix=${{ prefix }}",)  # prefix filled at install
    assert b.provides.env["ZLIB_ROOT"] == "${{ prefix }}"
    assert b.test_commands == (("bin/minigzip", "-h"), ("test", "-f", "lib/libz.a"),
                               ("ls", "lib/libz.so"))
    assert b.test_timeout == 30

    s = r.select("1.3.1", {"shared": "no"}, {"os": "darwin"})
    assert s.sources[1].url == "https://example.org/static-darwin.zip"
    assert s.sources[1].checksum == ("md5", "c" * 32)
    assert [d.tags for d in s.dependencies] == [("cmake",), ("ar",)]
    assert s.settings["configure"] == ("--static",) and s.settings["build"] == "make"
    assert s.test_commands[-1] == ("test", "-f", "lib/libz.a")


def test_select_rejects_unknown_variants_and_versions(tmp_path):
    r = load_recipe(write(tmp_path, "zlib", GOOD))
    with pytest.raises(RecipeError, match="'cuda' is not a variant of zlib"):
        r.select("1.3.1", {"cuda": "12"})
    with pytest.raises(RecipeError, match="'maybe' is not a value of variant shared"):
        r.select("1.3.1", {"shared": "maybe"})
    with pytest.raises(RecipeError, match="no version 9.9 .*1.3.1, 1.2.13"):
        r.select("9.9")


BAD = [
    # (replace old, by new, key path, words in the reason)
    (f'sha256 = "{SHA_A}"', 'sha256 = "xyz"', "versions[0].sources[0].sha256", "pattern"),
    (f'sha256 = "{SHA_A}"\n', "", "versions[0].sources[0]", "no checksum"),
    (f'sha256 = "{SHA_A}"', f'sha256 = "{SHA_A}"\nmd5 = "{"d" * 32}"',
     "versions[0].sources[0].md5", "one checksum per source"),
    (', reason = "a text file"', "", "versions[0].sources[1].else[0].reason", "needs a reason"),
    ("schema_version = 1", "schema_version = 2", "schema_version", "must be"),
    ('summary = "Compression library"', "", "(top level)", "summary"),
    ('license = "Zlib"', 'license = "Zlib"\nlicence = "typo"', "(top level)",
     "unknown key licence"),
    ('default = "yes"', 'default = "maybe"', "variants.shared.default", "not among values"),
    ('if = { shared = "no" }\nthen = [{ tags = ["ar"] }]',
     'if = { shred = "no" }\nthen = [{ tags = ["ar"] }]', "dependencies[1].if.shred",
     "neither a variant"),
    ('if = { shared = "no" }\nthen = { configure', 'if = { shared = "nope" }\nthen = { configure',
     "frontend.select[0].if.shared", "not a value of variant shared"),
    ('version = ">=3.10"', 'version = ">=three"', "dependencies[0].version", "no number"),
    ("${{ version }}.tar.gz", "${{ verison }}.tar.gz", "versions[0].sources[0].url",
     "unknown name 'verison'"),
    ("${{ version }}.tar.gz", "${{ version|upper }}.tar.gz", "versions[0].sources[0].url",
     "no expressions"),
    ('version = "1.2.13"', 'version = "1.3.1"', "versions[1].version", "given twice"),
    ('version = "1.2.13"', 'version = "latest"', "versions[1].version", "pattern"),
    ('lib = ["lib"]', 'lib = ["../lib"]', "provides.lib[0]", "pattern"),
    ('lib = ["lib"]', 'lib = ["/usr/lib"]', "provides.lib[0]", "pattern"),
    ('name = "download"', 'name = "Download!"', "frontend.name", "pattern"),
    ("timeout = 30", "timeout = -1", "tests.timeout", "bigger than"),
    # what goes into an environment holds no control character (a module file's shell
    # would read what follows a line break as a command)
    ('ZLIB_ROOT = "${{ prefix }}"', 'ZLIB_ROOT = "${{ prefix }}\\ntouch /tmp/x"',
     'provides.env.ZLIB_ROOT', "a line feed is not allowed"),
    ('ZLIB_ROOT = "${{ prefix }}"', 'ZLIB_ROOT = "a\\rb"', 'provides.env.ZLIB_ROOT',
     "a carriage return"),
    ('ZLIB_ROOT = "${{ prefix }}"', 'ZLIB_ROOT = "a\\u0000b"', 'provides.env.ZLIB_ROOT',
     "a NUL"),
    ('ZLIB_ROOT = "${{ prefix }}"', 'ZLIB_ROOT = "a\\u001bb"', 'provides.env.ZLIB_ROOT',
     "an escape"),
    ('header = "include/zlib.h"', 'header = "include/zlib.h\\n"', 'provides.files.header',
     "a line feed"),
]


@pytest.mark.parametrize("old,new,key,words", BAD, ids=[b[2] + ":" + b[3] for b in BAD])
def test_invalid_recipes_name_file_key_and_reason(tmp_path, old, new, key, words):
    assert old in GOOD, old
    path = write(tmp_path, "zlib", GOOD.replace(old, new, 1))
    with pytest.raises(RecipeError) as err:
        load_recipe(path)
    e = err.value
    assert e.file == str(path) and e.key == key, (e.key, e.reason)
    assert words in e.reason, e.reason
    assert str(path) in str(e) and key in str(e)


def test_toml_syntax_errors_and_unreadable_files(tmp_path):
    path = write(tmp_path, "zlib", GOOD + "\n[broken\n")
    with pytest.raises(RecipeError, match="not valid TOML") as err:
        load_recipe(path)
    assert err.value.file == str(path)
    p = tmp_path / "bin.toml"
    p.write_bytes(b"\xff\xfe")
    with pytest.raises(RecipeError, match="not UTF-8"):
        load_recipe(p)
    with pytest.raises(RecipeError, match="cannot read"):
        load_recipe(tmp_path / "missing.toml")


def test_name_must_match_the_file_name(tmp_path):
    with pytest.raises(RecipeError, match="differs from the file name") as err:
        load_recipe(write(tmp_path, "libz", GOOD))
    assert err.value.key == "name"


def minimal(name: str, url: str, sha: str, version: str = "1.0", tags: str = "") -> str:
    return f'''schema_version = 1
name = "{name}"
summary = "{name}"
tags = [{tags}]
frontend = {{ name = "download" }}
[[versions]]
version = "{version}"
sources = [{{ url = "{url}", sha256 = "{sha}" }}]
'''


def test_loader_precedence_problems_and_no_crash(tmp_path):
    builtin, plugin, user = tmp_path / "builtin", tmp_path / "plugin", tmp_path / "user"
    write(builtin / "libs", "zlib", minimal("zlib", "https://a/z-1.tgz", SHA_A))
    write(builtin / "tools", "cmake", minimal("cmake", "https://a/c.tgz", SHA_B))
    write(plugin, "cmake", minimal("cmake", "https://a/c-2.tgz", SHA_A, "2.0"))
    write(user, "broken", "name = ")
    write(user, "zlib", minimal("zlib", "https://a/z-2.tgz", SHA_B, "2.0"))
    rs = load_recipes([builtin, plugin, user, tmp_path / "absent"])
    assert sorted(rs.recipes) == ["cmake", "zlib"] and len(rs) == 2
    assert rs.recipes["zlib"].version_names == ("2.0",)  # the user's wins
    assert rs.recipes["cmake"].version_names == ("2.0",)  # the plugin's wins over builtin
    assert {r.path.parent.name for r in rs.shadowed} == {"libs", "tools"}
    assert [p.file for p in rs.problems] == [str(user / "broken.toml")]


def test_two_recipes_giving_one_url_two_checksums_are_reported(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write(a, "one", minimal("one", "https://x/shared.tgz", SHA_A))
    write(b, "two", minimal("two", "https://x/shared.tgz", SHA_B))
    write(b, "three", minimal("three", "https://x/shared.tgz", SHA_A))  # agrees: fine
    rs = load_recipes([a, b])
    assert len(rs.recipes) == 3
    [problem] = rs.problems
    assert problem.file == str(b / "two.toml") and problem.key == "versions[0].sources[0].sha256"
    assert "https://x/shared.tgz" in problem.reason and str(a / "one.toml") in problem.reason
    assert SHA_A in problem.reason and SHA_B in problem.reason


def test_one_checksum_per_url_also_across_versions_of_one_recipe(tmp_path):
    text = minimal("one", "https://x/latest.tgz", SHA_A) + f'''
[[versions]]
version = "2.0"
sources = [{{ url = "https://x/latest.tgz", sha256 = "{SHA_B}" }}]
'''
    r = load_recipe(write(tmp_path, "one", text))
    [problem] = checksum_conflicts([r])
    assert problem.key == "versions[1].sources[0].sha256"


def test_two_files_of_one_name_in_one_folder(tmp_path):
    write(tmp_path / "x", "dup", minimal("dup", "https://a/1", SHA_A))
    write(tmp_path / "y", "dup", minimal("dup", "https://a/2", SHA_B))
    rs = load_recipes([tmp_path])
    assert list(rs.recipes) == ["dup"]
    [problem] = rs.problems
    assert "also defined in" in problem.reason
