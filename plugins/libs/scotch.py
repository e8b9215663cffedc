"""Scotch, the graph partitioning and ordering library, found by its header."""

from envmgr.soft import Soft


class Scotch(Soft):
    name = "scotch"
    aliases = ["libscotch"]
    category = "lib"
    tags = ["graph", "partitioning"]
    summary = "Scotch graph partitioning, mapping and ordering (headers)"
    # Debian: include/scotch/scotch.h (and scotch-long/ for 64-bit indices); upstream:
    # include/scotch.h
    headers = ["scotch/scotch.h", "scotch.h"]
    version_macros = ["SCOTCH_VERSION", "SCOTCH_RELEASE", "SCOTCH_PATCHLEVEL"]
