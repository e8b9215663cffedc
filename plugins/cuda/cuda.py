"""The NVIDIA CUDA toolkit, found by its compiler driver nvcc."""

from envmgr.soft import Soft


class CUDA(Soft):
    name = "cuda"
    aliases = ["cuda-toolkit", "nvcc"]
    category = "cuda"
    tags = ["compiler", "lang-c-cuda", "lang-cpp-cuda"]
    summary = "NVIDIA CUDA toolkit (nvcc, runtime libraries, headers)"
    executables = [r"nvcc"]
    search_dirs = ["/usr/local/cuda*/bin", "/opt/cuda/bin", "/opt/nvidia/hpc_sdk/*/*/cuda/*/bin",
                   "$CUDA_HOME/bin", "$CUDA_PATH/bin"]
    companions = ["ptxas", "cuobjdump", "nvdisasm", "nvlink", "fatbinary", "cuda-gdb",
                  "compute-sanitizer", "nvprof", "nsys", "ncu"]
    # "Cuda compilation tools, release 13.0, V13.0.88": the V... full version.
    version_regex = r"release \d+(?:\.\d+)*, V(?P<version>\d+(?:\.\d+)+)"
    env = {"CUDA_HOME": "{prefix}", "CUDA_PATH": "{prefix}"}
    # Several can live side by side (/usr/local/cuda-*), but only one could be had here to
    # capture: no side-by-side case yet.
    side_by_side = "only one installation could be captured"
