"""A vendor's clang is not LLVM: Apple's, AMD's (AOCC, ROCm) and Arm's clangs, laid out as
Spack's scenarios transcribe them, are recorded by their own softs, and ``--tags=llvm``
selects LLVM's own clang (a real Debian clang beside them) alone."""

from __future__ import annotations

import shutil

import pytest
import spack_scenarios

from envmgr.authoring.cases import write_layout

CLANG = shutil.which("clang-16") or shutil.which("clang-14")


def _layout(package: str, index: int, under: str) -> dict:
    scenario = next(s for s in spack_scenarios.load()["scenarios"]
                    if s["package"] == package and s["index"] == index)
    return {f"{under}/{rel}": spec for rel, spec in scenario["layout"].items()}


@pytest.mark.skipif(not CLANG, reason="needs Debian's clang-14 or clang-16")
def test_tags_llvm_select_no_vendor_clang(cli, tmp_path):
    root = tmp_path / "opt"
    write_layout(root, {
        **_layout("apple-clang", 0, "xcode"),        # Apple clang 11.0.0
        **_layout("aocc", 0, "aocc"),                # AOCC 3.1.0 (AMD clang 12.0.0)
        **_layout("llvm-amdgpu", 0, "rocm/llvm"),    # ROCm 5.7.1 (AMD clang 17.0.0)
        **_layout("atfl", 0, "atfl"),                # Arm Toolchain for Linux 20.1
    })
    # ROCm's amdclang is a link to its clang, which LLVM's soft looks at
    (root / "rocm/llvm/bin/clang").symlink_to("amdclang")
    (root / "llvm/bin").mkdir(parents=True)
    (root / "llvm/bin/clang").symlink_to(CLANG)
    dirs = [a for d in ("xcode", "aocc", "rocm/llvm", "atfl", "llvm")
            for a in ("--search-path", str(root / d))]
    r = cli("detect", "llvm", "apple-clang", "aocc", "rocm-llvm", "atfl",
            "--no-default-paths", *dirs, "--json")
    assert r.rc == 0, r.err
    softs = sorted((e["soft"], e["version"]) for e in r.json())
    assert [s for s, _ in softs] == ["aocc", "apple-clang", "atfl", "llvm", "rocm-llvm"]
    assert ("aocc", "3.1.0") in softs and ("rocm-llvm", "5.7.1") in softs

    listed = cli("list", "--tags=llvm", "--json")
    assert listed.rc == 0, listed.err
    assert [e["soft"] for e in listed.json()] == ["llvm"]
    for vendor in ("v11", "v12", "v17", "v20"):
        picked = cli("list", f"--tags=llvm,{vendor}", "--json")
        assert picked.rc == 0 and picked.json() == [], picked.out

    explained = cli("detect", "llvm", "--no-default-paths", *dirs, "--explain", "--dry-run")
    said = explained.out + explained.err
    assert "not LLVM's clang (recorded by apple-clang)" in said
    assert "not LLVM's clang (recorded by aocc)" in said
    assert "not LLVM's clang (recorded by rocm-llvm)" in said
