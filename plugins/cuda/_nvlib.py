"""What the CUDA libraries share: a toolkit's lib dir, and NVIDIA's pip wheels.

A CUDA library (cuBLAS, cuFFT, cuDNN, NCCL ...) is installed two ways, often on one machine:

- by a toolkit or a system package, as ``lib<name>.so.<full version>`` with the soname
  links beside it (``/usr/local/cuda-13.0/lib64``, ``/usr/lib/x86_64-linux-gnu``); only the
  file that carries the full version is a candidate, so ``libcublas.so.13`` is not a
  second entry with version ``13``;
- by a pip wheel (``nvidia-cublas``, ``nvidia-cudnn-cu12``) into a Python's
  site-packages, under ``nvidia/<dir>/{lib,include}`` (CUDA 12 wheels: ``nvidia/cublas``;
  CUDA 13 wheels: ``nvidia/cu13``), whose files carry only the soname. Its version is the
  distribution's, which is the library's full version (nvidia-cublas 13.1.0.3 ships
  libcublas.so.13.1.0.3's code); the entry is tagged ``pip`` and carries the Python it
  belongs to.
"""

from __future__ import annotations

import dataclasses
import os
import re

from envmgr.soft import Candidate, Probed, Soft

__all__ = ["CudaLibrary", "TOOLKIT_LIB_DIRS"]

# A toolkit's lib dirs: lib64 is a link to targets/<triple>/lib in NVIDIA's installers.
TOOLKIT_LIB_DIRS = ["/usr/local/cuda*/lib64", "/usr/local/cuda*/targets/*-linux/lib",
                    "/opt/nvidia/hpc_sdk/*/*/math_libs/*/lib64", "$CUDA_HOME/lib64",
                    "$CUDA_PATH/lib64"]

_TARGETS = re.compile(r"/targets/[^/]+-linux$")


class CudaLibrary(Soft):
    """A CUDA library found by its fully versioned file and by NVIDIA's pip wheels."""

    category = "cuda"
    search_dirs = TOOLKIT_LIB_DIRS
    lib_dirs = ("lib64", "lib")
    # a toolkit's beside a pip wheel's, and toolkits side by side: a case has two
    side_by_side: bool | str = True
    wheel_dirs: tuple[str, ...] = ()
    """Where the wheels put the files, relative to site-packages (``nvidia/cu13``)."""
    dist_version_parts = 0
    """Where the distribution's version has a build number the library does not say
    (nvidia-cudnn-cu13 9.28.1.4 is cuDNN 9.28.1), how many of its parts are the version."""

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        """A toolkit's root, ``/usr/local/cuda-13.0``, for each path to its lib dir
        (``/usr/local/cuda/lib64``, ``.../targets/x86_64-linux/lib``), so that they name
        one prefix."""
        if candidate.kind not in ("library", "header"):
            return super().determine_prefix(candidate)
        # the real dir: /usr/local/cuda/lib64 is the toolkit /usr/local/cuda links to now
        real = os.path.realpath(candidate.dir or os.path.dirname(candidate.path))
        return _TARGETS.sub("", super().determine_prefix(dataclasses.replace(candidate, dir=real)))

    @classmethod
    def probe_python_dist(cls, candidate: Candidate) -> Probed:
        """The wheel's version and Python, its dir (``site-packages/nvidia/cudnn``) as the
        prefix, its lib and include dirs, and the tag ``pip``."""
        probed = super().probe_python_dist(candidate)
        if cls.dist_version_parts:
            probed["attrs"]["dist_version"] = probed["version"]
            probed["version"] = ".".join(probed["version"].split(".")[: cls.dist_version_parts])
        site = candidate.dir or os.path.dirname(candidate.realpath)
        paths: dict[str, list[str]] = {"lib": [], "include": []}
        roots = []
        for rel in cls.wheel_dirs:
            root = os.path.join(site, rel)
            for kind in ("lib", "include"):
                d = os.path.join(root, kind)
                if os.path.isdir(d) and d not in paths[kind]:
                    paths[kind].append(d)
                    roots.append(root)
        probed["paths"] = {k: v for k, v in paths.items() if v}
        if roots:
            # the wheel's own dir, as a toolkit's root is: a header found in it (a search
            # path into site-packages) is then the same entry
            probed["prefix"] = roots[0]
        probed["attrs"]["installer"] = "pip"
        probed["tags"] = [*probed.get("tags", []), "pip"]
        return probed
