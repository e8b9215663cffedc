"""{fmt}, the C++ formatting library, found by its pkg-config file."""

from envmgr.soft import Soft


class Fmt(Soft):
    name = "fmt"
    aliases = ["libfmt"]
    category = "lib"
    summary = "{fmt} C++ formatting library (pkg-config)"
    pkgconfig = "fmt"
