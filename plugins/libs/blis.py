"""BLIS, the BLAS-like library instantiation software, found by its installed config.mk."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Probed, Soft, read_text


class BLIS(Soft):
    name = "blis"
    aliases = ["libblis", "lib-blis"]
    category = "lib"
    tags = ["blas", "math"]
    summary = "BLIS BLAS-like dense linear algebra library (config.mk)"
    # blis.h carries no version (0.9's is compiled into bli_info_get_version_str) and the
    # soname libblis.so.4 is an ABI number; `make install` writes share/blis/config.mk
    # with "VERSION := 0.9.0". Debian installs one per threading flavour, side by side:
    # share/blis-{openmp,pthread,serial}-<triplet>/, each with its own lib/<triplet>/blis-*.
    markers = ["config.mk", "common.mk"]
    data_dirs = ["/usr/share/blis", "/usr/share/blis-*", "/usr/local/share/blis",
                 "/opt/*/share/blis"]
    version_file = "config.mk"
    version_regex = r"^VERSION\s*:=\s*(?P<version>\d[\w.]*)\s*$"
    side_by_side = True  # Debian's openmp, pthread and serial builds: a case has them
    attrs_regex = {"flavour": r"^THREADING_MODEL\s*:=\s*(\S+)\s*$"}

    @classmethod
    def probe_directory(cls, candidate: Candidate) -> Probed:
        """config.mk's version and threading model; the lib dir of Debian's flavour."""
        found = super().probe_directory(candidate)
        text = read_text(os.path.join(candidate.realpath, cls.version_file or ""))
        found["attrs"] = cls.determine_attrs(text)
        base = os.path.basename(candidate.realpath)  # blis-openmp-x86_64-linux-gnu
        share = os.path.dirname(candidate.realpath)
        if base.startswith("blis-") and base.count("-") >= 2:
            flavour, triple = base[len("blis-"):].split("-", 1)
            found["paths"] = {"lib": [os.path.join(os.path.dirname(share), "lib", triple,
                                                  f"blis-{flavour}")]}
        return found
