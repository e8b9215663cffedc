"""ROCm's LLVM: amdclang, amdclang++ and amdflang under /opt/rocm*/llvm. A vendor's clang,
not LLVM's: its version is the ROCm release it ships with (Spack's llvm-amdgpu)."""

from envmgr.soft import Soft


class RocmLLVM(Soft):
    name = "rocm-llvm"
    aliases = ["llvm-amdgpu", "amdclang"]
    category = "compiler"
    tags = ["rocm", "amd", "lang-c", "lang-cpp", "lang-fortran"]
    summary = "ROCm's LLVM compilers (amdclang, amdclang++, amdflang)"
    # amdclang, amdclang-6 beside amdclang (Spack's scenarios); /opt/rocm/bin links to them
    executables = [r"amdclang(?:-\d+(?:\.\d+)*)?", r"amdflang(?:-\d+(?:\.\d+)*)?"]
    # ROCm 6 moved its LLVM to lib/llvm (llvm/ stayed a link for a while)
    search_dirs = ["/opt/rocm*/lib/llvm/bin", "/opt/rocm*/llvm/bin", "$ROCM_PATH/lib/llvm/bin",
                   "$ROCM_PATH/llvm/bin"]
    compilers = {"c": "amdclang", "cxx": "amdclang++", "fortran": "amdflang"}
    # "AMD clang version 17.0.0 (https://github.com/RadeonOpenCompute/llvm-project roc-5.7.1
    # 23382 f3e1...)": ROCm 5.7.1; upstream clang says no roc- and is rejected
    version_regex = r"\broc-(?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {"llvm": r"^AMD (?:clang|flang\S*) version (\S+)",
                   "target": r"^Target: (\S+)"}
    rejects = True  # LLVM's own clang: a negative case records it
    side_by_side = True  # ROCm 6.0.2 (amdclang-6) beside 5.7.1: a case has both
    transcribed = "ROCm is on no registry this machine reaches (AMD's apt repository)"
