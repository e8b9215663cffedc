"""libffi, the foreign function interface library, found by its pkg-config file."""

from envmgr.soft import Soft


class LibFFI(Soft):
    name = "libffi"
    aliases = ["ffi"]
    category = "lib"
    summary = "libffi foreign function interface library (pkg-config)"
    pkgconfig = "libffi"
