"""oneTBB, Intel's threading building blocks, found by its pkg-config file."""

from envmgr.soft import Soft


class TBB(Soft):
    name = "tbb"
    aliases = ["onetbb", "libtbb"]
    category = "lib"
    tags = ["parallel"]
    summary = "oneTBB threading building blocks (pkg-config)"
    pkgconfig = "tbb"
