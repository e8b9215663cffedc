"""OpenBLAS, the optimised BLAS and LAPACK, found by its pkg-config file."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Probed, Soft, read_text


class OpenBLAS(Soft):
    name = "openblas"
    aliases = ["libopenblas"]
    category = "lib"
    tags = ["blas", "lapack", "math"]
    summary = "OpenBLAS optimised BLAS/LAPACK library (pkg-config)"
    # openblas.pc; Debian's is an alternatives link into openblas-pthread/ (or -openmp/,
    # -serial/), whose "Version: ${version}" names a variable of the file (expanded).
    pkgconfig = "openblas"
    attrs_regex = {"config": r"^openblas_config=\s*(.+?)\s*$"}

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
