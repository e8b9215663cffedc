"""METIS, the graph partitioning library, found by its header."""

from envmgr.soft import Soft


class METIS(Soft):
    name = "metis"
    aliases = ["libmetis"]
    category = "lib"
    tags = ["graph", "partitioning"]
    summary = "METIS serial graph partitioning library (headers)"
    headers = ["metis.h"]
    version_macros = ["METIS_VER_MAJOR", "METIS_VER_MINOR", "METIS_VER_SUBMINOR"]
