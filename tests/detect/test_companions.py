"""Companions by version, a compiler's languages and gcc's probe fallbacks, with real
compilers (Debian's gcc-11, gcc-12, g++-12, gfortran-11) copied into folders that are not
/usr/bin, and real wrapper scripts around them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_detect, write_tool

REAL = {name: shutil.which(name) for name in ("gcc-11", "gcc-12", "g++-12", "gfortran-11")}
needs_gnu = pytest.mark.skipif(not all(REAL.values()),
                               reason="needs Debian's gcc-11, gcc-12, g++-12 and gfortran-11")


def _copy(real: str | None, to: Path) -> Path:
    assert real
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(real, to)
    return to


def _gcc():
    from plugins.compilers.gcc import GCC

    return GCC


@needs_gnu
def test_companions_of_another_version_are_not_attached(tmp_path):
    # gcc-11 beside gcc, g++ (12.2.0) and gfortran (11): each gcc gets its own version's
    bindir = tmp_path / "opt/gnu/bin"
    _copy(REAL["gcc-11"], bindir / "gcc-11")
    _copy(REAL["gcc-12"], bindir / "gcc")
    _copy(REAL["g++-12"], bindir / "g++")
    _copy(REAL["gfortran-11"], bindir / "gfortran")
    result = run_detect([_gcc()], bindir)
    by_major = {f.version.split(".")[0]: f for f in result.found}
    assert set(by_major) == {"11", "12"}, result.explain.lines
    eleven, twelve = by_major["11"], by_major["12"]

    assert eleven.env["CC"] == str(bindir / "gcc-11")
    assert "CXX" not in eleven.env and "g++" not in eleven.commands
    assert eleven.env["FC"] == str(bindir / "gfortran")
    assert eleven.attrs["languages"] == ["c", "fortran"]
    assert eleven.attrs["compilers"] == {"c": str(bindir / "gcc-11"),
                                         "fortran": str(bindir / "gfortran")}
    assert "lang-fortran" in eleven.tags

    assert twelve.env["CXX"] == str(bindir / "g++") and "FC" not in twelve.env
    assert twelve.attrs["languages"] == ["c", "c++"]

    said = "\n".join(result.explain.lines)
    assert f"companion g++ ({bindir / 'g++'}) is version 12.2.0, not 11" in said
    assert "not attached" in said


@needs_gnu
def test_a_folder_of_one_version_runs_nothing_more(tmp_path):
    # gcc and its companions of one release: no companion is probed
    bindir = tmp_path / "gnu12/bin"
    _copy(REAL["gcc-12"], bindir / "gcc")
    _copy(REAL["g++-12"], bindir / "g++")
    result = run_detect([_gcc()], bindir)
    (found,) = result.found
    assert found.env["CXX"] == str(bindir / "g++")
    assert not [line for line in result.explain.lines if "companion" in line]


@needs_gnu
def test_a_suffix_vouches_for_the_version(tmp_path):
    # gcc-12 with g++-12 beside an unsuffixed g++ of 11's age: the suffix wins, unprobed
    bindir = tmp_path / "mixed/bin"
    _copy(REAL["gcc-12"], bindir / "gcc-12")
    _copy(REAL["g++-12"], bindir / "g++-12")
    _copy(REAL["gfortran-11"], bindir / "gfortran")
    result = run_detect([_gcc()], bindir)
    (found,) = result.found
    assert found.env["CXX"] == str(bindir / "g++-12")
    assert "FC" not in found.env  # gfortran is 11: probed, and not attached
    assert any("companion gfortran" in line and "not attached" in line
               for line in result.explain.lines)


@needs_gnu
def test_companion_versions_are_cached(tmp_path):
    from envmgr.detect.probecache import ProbeCache

    bindir = tmp_path / "opt/bin"
    _copy(REAL["gcc-11"], bindir / "gcc-11")
    _copy(REAL["g++-12"], bindir / "g++")
    cache = ProbeCache(str(tmp_path / "probes.json"))
    run_detect([_gcc()], bindir, cache=cache)
    keys = [k for k in cache.data if k.startswith("gcc:companion\0")]
    assert len(keys) == 1 and cache.data[keys[0]]["ok"]["version"] == "12.2.0"
    # a second run asks the cache, not g++ (a g++ that now fails would be seen otherwise)
    again = ProbeCache(str(tmp_path / "probes.json"))
    found = run_detect([_gcc()], bindir, cache=again).found
    assert "CXX" not in found[0].env


@needs_gnu
@pytest.mark.parametrize("answers", ["-dumpfullversion", "-dumpversion", "--version"])
def test_gcc_found_by_the_one_question_a_wrapper_answers(tmp_path, answers):
    # a wrapper around the real gcc-12 that passes one flag on and fails the others
    wrapper = write_tool(tmp_path / "wrap/bin/gcc", (
        f'if [ "$1" = "{answers}" ]; then exec {REAL["gcc-12"]} "$@"; fi\n'
        'echo "wrapper: unsupported flag: $1" >&2; exit 2\n'))
    result = run_detect([_gcc()], wrapper.parent)
    assert [f.version for f in result.found] in (["12.2.0"], ["12"]), result.explain.lines
    assert result.found[0].attrs["version_from"] == answers


def test_a_clang_answering_only_version_is_not_gcc(tmp_path):
    clang = shutil.which("clang-16") or shutil.which("clang-14")
    if not clang:
        pytest.skip("needs Debian's clang-14 or clang-16")
    write_tool(tmp_path / "w/bin/gcc", (
        f'if [ "$1" = "--version" ] || [ "$1" = "-dumpversion" ]; then exec {clang} "$@"; fi\n'
        'exit 1\n'))
    result = run_detect([_gcc()], tmp_path / "w/bin")
    assert result.found == []
    assert any("is a clang, not GCC" in line for line in result.explain.lines)
