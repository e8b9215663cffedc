"""rdma-core, the Linux RDMA user space (libibverbs), found by libibverbs.pc."""

from __future__ import annotations

import re

from envmgr.soft import Candidate, Probed, Soft

_PC_VERSION = re.compile(r"^1\.\d+\.(?P<release>\d+\.\d+)$")


class RdmaCore(Soft):
    name = "rdma-core"
    aliases = ["ibverbs", "libibverbs"]
    category = "lib"
    tags = ["hpc", "network", "infiniband"]
    summary = "rdma-core RDMA user space libraries, libibverbs (pkg-config)"
    pkgconfig = "libibverbs"

    @classmethod
    def probe_pkgconfig(cls, candidate: Candidate) -> Probed:
        """rdma-core's release from libibverbs.pc's ``1.<ABI>.<release>``.

        libibverbs.pc says "1.14.44.0": the library's version, which rdma-core builds as
        1.<provider ABI>.<its own release>, as libibverbs.so.1.14.44.0 does. The release
        (44.0, as `dpkg` and the tarball name it) is the truth of an rdma-core install.
        """
        found = super().probe_pkgconfig(candidate)
        m = _PC_VERSION.match(str(found.get("version") or ""))
        if m:  # else the standalone libibverbs of before 2016: its own release stands
            found.setdefault("attrs", {})["libibverbs"] = m.group(0)
            found["version"] = m.group("release")
        return found
