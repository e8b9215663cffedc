"""NVIDIA cuDNN, found by its version header, its library file and its pip wheels."""

from __future__ import annotations

from ._nvlib import CudaLibrary


class CuDNN(CudaLibrary):
    name = "cudnn"
    aliases = ["libcudnn"]
    tags = ["deep-learning"]
    summary = "NVIDIA cuDNN, deep neural network primitives on CUDA GPUs"
    # cuDNN 8+ says its version in cudnn_version.h (Debian/Ubuntu: an alternatives link in
    # /usr/include/<multiarch> to cudnn_version_v9.h), cuDNN 7 in cudnn.h.
    headers = ["cudnn_version.h", "cudnn.h"]
    version_macros = ["CUDNN_MAJOR", "CUDNN_MINOR", "CUDNN_PATCHLEVEL"]
    # libcudnn.so.9.14.0; the soname link libcudnn.so.9 alone says no more than "9"
    libraries = [r"libcudnn\.so\.(?P<version>\d+\.\d+\.\d+)"]
    search_dirs = ["/usr/local/cuda*/lib64", "/usr/local/cuda*/targets/*-linux/lib",
                   "/usr/local/cuda*/include",
                   "$CUDNN_HOME/lib64", "$CUDNN_HOME/lib", "$CUDNN_HOME/include"]
    python_dist = ["nvidia-cudnn-cu13", "nvidia-cudnn-cu12", "nvidia-cudnn-cu11"]
    wheel_dirs = ("nvidia/cudnn",)
    # the wheel 9.28.1.4 holds cuDNN 9.28.1 (its cudnn_version.h says so)
    dist_version_parts = 3
    env = {"CUDNN_HOME": "{prefix}"}
