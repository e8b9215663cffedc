"""Intel oneMKL, the Math Kernel Library, found by its mkl_version.h."""

from __future__ import annotations

from envmgr.soft import Soft, header_macros


class MKL(Soft):
    name = "mkl"
    aliases = ["onemkl", "intel-mkl", "lib-mkl"]
    category = "lib"
    tags = ["blas", "lapack", "math", "intel"]
    summary = "Intel oneAPI Math Kernel Library (headers)"
    # mkl_version.h: __INTEL_MKL__ 2026, __INTEL_MKL_MINOR__ 0 (always 0 since 2017),
    # __INTEL_MKL_UPDATE__ 2: Intel names that release 2026.2, so the version is
    # major.update(.patch where __INTEL_MKL_PATCH__ exists, 2024+). The PyPI wheels
    # mkl-2026.2.1 / mkl-include-2026.2.1 add a packaging number (.1) no file of MKL
    # holds, and libmkl_rt.so.3 is an ABI number: neither is declared.
    # The wheels put include/ and lib/ in the venv; oneAPI in /opt/intel/oneapi/mkl/*/.
    headers = ["mkl_version.h"]
    version_macros = ["__INTEL_MKL__", "__INTEL_MKL_UPDATE__"]
    search_dirs = ["/opt/intel/oneapi/mkl/*", "/opt/intel/mkl", "$MKLROOT"]
    side_by_side = ("oneAPI installs /opt/intel/oneapi/mkl/<version>/ side by side; only the "
                    "PyPI wheels could be had here (Debian's intel-mkl is non-free)")
    env = {"MKLROOT": "{prefix}"}

    @classmethod
    def version_from_macros(cls, text: str) -> str | None:
        """``major.update``, with ``.patch`` where the header has one."""
        version = super().version_from_macros(text)
        patch = header_macros(text).get("__INTEL_MKL_PATCH__")
        return f"{version}.{patch}" if version and patch else version
