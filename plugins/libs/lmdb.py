"""LMDB, the Lightning memory-mapped database, found by its pkg-config file."""

from envmgr.soft import Soft


class LMDB(Soft):
    name = "lmdb"
    aliases = ["liblmdb"]
    category = "lib"
    tags = ["database"]
    summary = "LMDB memory-mapped key-value store (pkg-config)"
    pkgconfig = "lmdb"
