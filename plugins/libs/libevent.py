"""libevent, the event notification library, found by libevent.pc and event-config.h."""

from envmgr.soft import Soft


class LibEvent(Soft):
    name = "libevent"
    category = "lib"
    tags = ["async", "event-loop"]
    summary = "libevent event notification library (pkg-config, header)"
    # Both say the release as upstream names it: "2.1.12-stable".
    pkgconfig = "libevent"
    headers = ["event2/event-config.h"]
    version_macros = ["EVENT__VERSION"]
