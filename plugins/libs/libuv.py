"""libuv, the asynchronous I/O library, found by its pkg-config file and uv/version.h."""

from envmgr.soft import Soft


class LibUV(Soft):
    name = "libuv"
    category = "lib"
    tags = ["async", "event-loop"]
    summary = "libuv asynchronous I/O library (pkg-config, header)"
    pkgconfig = "libuv"
    headers = ["uv/version.h"]
    version_macros = ["UV_VERSION_MAJOR", "UV_VERSION_MINOR", "UV_VERSION_PATCH"]
