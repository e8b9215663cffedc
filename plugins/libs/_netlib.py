"""What the reference BLAS and LAPACK share: a .pc file or a ``lib*.so.3`` that may be
another library's (Debian's alternatives)."""

from __future__ import annotations

import os
import re

from envmgr.soft import Candidate, Probed, Reject, Soft, read_text

# The dir an implementation's libblas.so.3 / liblapack.so.3 lies in, by Debian's
# packages (openblas-pthread/, blis-openmp/, atlas/ ...) and by vendors' (mkl).
_IMPLEMENTATIONS = (("openblas", "OpenBLAS"), ("blis", "BLIS"), ("atlas", "ATLAS"),
                    ("mkl", "MKL"), ("libflame", "libFLAME"))


class NetlibPC(Soft):
    """A netlib reference library found by its ``.pc`` file, whose ``Name:`` must be its own,
    or by its ``lib*.so.3``, which must resolve to the reference file.

    Debian's blas.pc, lapack.pc, libblas.so.3 and liblapack.so.3 are alternatives links to
    whichever implementation is selected (OpenBLAS's "openblas-blas", BLIS, MKL); only the
    reference one's is this soft's, the others are rejected, naming the one behind it.
    """

    reference_name = ""  # the Name: field of the reference .pc file ("BLAS", "LAPACK")

    @classmethod
    def probe_library(cls, candidate: Candidate) -> Probed:
        """The version in the reference file's name (``libblas.so.3.11.0``), or Reject when
        the link resolves to another implementation's file (``openblas-pthread/libblas.so.3``)."""
        real_dir = os.path.basename(os.path.dirname(candidate.realpath)).lower()
        for key, impl in _IMPLEMENTATIONS:
            if real_dir.startswith(key):
                raise Reject(f"{os.path.basename(candidate.path)} is {impl}'s "
                             f"({real_dir}/{os.path.basename(candidate.realpath)}), "
                             f"not the reference {cls.reference_name}")
        return super().probe_library(candidate)

    @classmethod
    def probe_pkgconfig(cls, candidate: Candidate) -> Probed:
        """The reference library's facts, or Reject when the file is another library's."""
        m = re.search(r"^Name:\s*(.*?)\s*$", read_text(candidate.realpath), re.MULTILINE)
        name = m.group(1) if m else ""
        if name.lower() != cls.reference_name.lower():
            raise Reject(f"{os.path.basename(candidate.path)} is {name or 'an unnamed'!s} "
                         f"(Name: field), not the reference {cls.reference_name}")
        return super().probe_pkgconfig(candidate)
