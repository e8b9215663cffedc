"""What the reference BLAS and LAPACK share: a .pc file that may be another library's."""

from __future__ import annotations

import os
import re

from envmgr.soft import Candidate, Probed, Reject, Soft, read_text


class NetlibPC(Soft):
    """A netlib reference library found by its ``.pc`` file, whose ``Name:`` must be its own.

    Debian's blas.pc and lapack.pc are alternatives links to whichever implementation is
    selected (OpenBLAS's "openblas-blas", BLIS, MKL); only the reference one's is this soft's,
    the others are rejected.
    """

    reference_name = ""  # the Name: field of the reference .pc file ("BLAS", "LAPACK")

    @classmethod
    def probe_pkgconfig(cls, candidate: Candidate) -> Probed:
        """The reference library's facts, or Reject when the file is another library's."""
        m = re.search(r"^Name:\s*(.*?)\s*$", read_text(candidate.realpath), re.MULTILINE)
        name = m.group(1) if m else ""
        if name.lower() != cls.reference_name.lower():
            raise Reject(f"{os.path.basename(candidate.path)} is {name or 'an unnamed'!s} "
                         f"(Name: field), not the reference {cls.reference_name}")
        return super().probe_pkgconfig(candidate)
