"""OpenBLAS, the optimised BLAS and LAPACK, found by its pkg-config file and library."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Probed, Soft, read_text


class OpenBLAS(Soft):
    name = "openblas"
    aliases = ["libopenblas"]
    category = "lib"
    tags = ["blas", "lapack", "math"]
    summary = "OpenBLAS optimised BLAS/LAPACK library (pkg-config, shared library)"
    # openblas.pc; Debian's is an alternatives link into openblas-pthread/ (or -openmp/,
    # -serial/), whose "Version: ${version}" names a variable of the file (expanded).
    pkgconfig = "openblas"
    attrs_regex = {"config": r"^openblas_config=\s*(.+?)\s*$"}
    # libopenblas.so.0 links to the real libopenblas<p|o|_haswellp>-r0.3.21.so, whose name
    # holds the version; Debian's /usr/lib/<triple>/libopenblas.so.0 is an alternatives link
    # to the selected build (openblas-pthread/, -openmp/, -serial/), followed to it.
    libraries = [r"libopenblas\w*?-r(?P<version>\d+(?:\.\d+)+)\.so", r"libopenblas\.so\.0"]

    @classmethod
    def probe_library(cls, candidate: Candidate) -> Probed:
        """The version in the real file's name; ``attrs.build``, the Debian build dir
        (``openblas-openmp``) the link resolved to."""
        found = super().probe_library(candidate)
        build = os.path.basename(os.path.dirname(candidate.realpath))
        if build.startswith("openblas-"):
            found["attrs"] = {**found.get("attrs", {}), "build": build}
        return found

    @classmethod
    def probe_pkgconfig(cls, candidate: Candidate) -> Probed:
        """The default probe; a file without ``prefix=`` (Debian's) gets the prefix above
        its ``lib`` dir (``/usr`` for ``/usr/lib/x86_64-linux-gnu/openblas-pthread``)."""
        found = super().probe_pkgconfig(candidate)
        if "prefix=" not in read_text(candidate.realpath):
            d = os.path.dirname(candidate.realpath)
            while os.path.dirname(d) != d:
                if os.path.basename(d) in ("lib", "lib64", "lib32"):
                    found["prefix"] = os.path.dirname(d)
                    break
                d = os.path.dirname(d)
        return found
