"""gflags, Google's command-line flags library, found by its pkg-config file."""

from envmgr.soft import Soft


class Gflags(Soft):
    name = "gflags"
    category = "lib"
    summary = "gflags command-line flags library (pkg-config)"
    pkgconfig = "gflags"
