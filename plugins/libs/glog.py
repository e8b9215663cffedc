"""glog, Google's logging library, found by its pkg-config file."""

from envmgr.soft import Soft


class Glog(Soft):
    name = "glog"
    aliases = ["libglog"]
    category = "lib"
    summary = "glog logging library (pkg-config)"
    pkgconfig = "libglog"
