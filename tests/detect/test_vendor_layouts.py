"""Vendor compilers found where their installers put them, through each soft's own search
dirs (reached here through the variables a vendor's environment script sets), with the
outputs Spack's scenarios transcribe."""

from __future__ import annotations

import os

import pytest
import spack_scenarios

from envmgr.authoring.cases import write_layout


def _files(package: str, index: int, under: str, rename: dict[str, str] | None = None) -> dict:
    scenario = next(s for s in spack_scenarios.load()["scenarios"]
                    if s["package"] == package and s["index"] == index)
    rename = rename or {}
    return {f"{under}/{rename.get(rel, rel)}": spec for rel, spec in scenario["layout"].items()}


def _detect(cli, soft, env):
    r = cli("detect", soft, "--json", "--dry-run", env=env)
    assert r.rc == 0, r.err
    return r.json()


def test_oneapi_component_layout_with_setvars_and_latest(cli, tmp_path):
    root = tmp_path / "intel/oneapi"
    moved = {f"compiler/2021.2.0/linux/bin/{n}": f"bin/{n}" for n in ("icx", "icpx", "ifx")}
    layout = _files("intel-oneapi-compilers", 0, "compiler/2024.0", moved)
    write_layout(root, {**layout, "setvars.sh": {"text": "# oneAPI\n"}})
    (root / "compiler/latest").symlink_to("2024.0")
    (entry,) = _detect(cli, "intel-oneapi", {"ONEAPI_ROOT": str(root)})
    assert entry["version"] == "2021.2.0"
    assert entry["prefix"] == str(root / "compiler/2024.0")
    assert entry["attrs"]["vars_script"] == str(root / "setvars.sh")
    assert entry["attrs"]["languages"] == ["c", "c++", "fortran"]
    assert entry["env"]["FC"] == str(root / "compiler/2024.0/bin/ifx")


def test_nvhpc_sdk_layout(cli, tmp_path):
    sdk = tmp_path / "hpc_sdk"
    write_layout(sdk, _files("nvhpc", 0, "Linux_x86_64/20.9/compilers"))
    (entry,) = _detect(cli, "pgi", {"NVHPC": str(sdk)})
    assert (entry["soft"], entry["version"]) == ("nvhpc", "20.9")
    bindir = sdk / "Linux_x86_64/20.9/compilers/bin"
    assert entry["env"] == {**entry["env"], "CC": str(bindir / "nvc"),
                            "CXX": str(bindir / "nvc++"), "FC": str(bindir / "nvfortran")}


def test_rocm_6_layout_lib_llvm(cli, tmp_path):
    rocm = tmp_path / "rocm-6.0.2"
    write_layout(rocm, _files("llvm-amdgpu", 2, "lib/llvm", {
        "bin/amdclang-6": "bin/clang", "bin/amdclang++-6": "bin/clang++",
        "bin/amdflang-6": "bin/flang", "bin/amdclang": "unused/a", "bin/amdclang++": "unused/b",
        "bin/amdflang": "unused/c"}))
    for name, target in (("amdclang", "clang"), ("amdclang++", "clang++"), ("amdflang", "flang")):
        os.symlink(target, rocm / "lib/llvm/bin" / name)
    os.symlink("lib/llvm", rocm / "llvm")  # the link ROCm 6 kept for old scripts
    (entry,) = _detect(cli, "amdclang", {"ROCM_PATH": str(rocm)})
    assert (entry["soft"], entry["version"]) == ("rocm-llvm", "6.0.2")
    assert entry["prefix"] == str(rocm / "lib/llvm")
    assert entry["attrs"]["languages"] == ["c", "c++", "fortran"]


@pytest.mark.parametrize("soft, var, package, index, under", [
    ("cce", "CRAY_CCE_PREFIX", "cce", 1, ""),
    ("aocc", "AOCC_ROOT", "aocc", 0, ""),
])
def test_found_through_the_vendors_variable(cli, tmp_path, soft, var, package, index, under):
    root = tmp_path / "vendor"
    write_layout(root, _files(package, index, under or "."))
    (entry,) = _detect(cli, soft, {var: str(root)})
    assert entry["soft"] == soft and entry["prefix"] == str(root)
    assert entry["attrs"]["languages"] == ["c", "c++", "fortran"]
