"""libjpeg (libjpeg-turbo), found by its pkg-config file."""

from envmgr.soft import Soft


class LibJPEG(Soft):
    name = "libjpeg"
    aliases = ["jpeg", "libjpeg-turbo"]
    category = "lib"
    tags = ["image"]
    summary = "libjpeg / libjpeg-turbo JPEG image library (pkg-config)"
    pkgconfig = "libjpeg"
