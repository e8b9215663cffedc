"""Expat, the XML parser library, found by expat.pc and expat.h."""

from envmgr.soft import Soft


class Expat(Soft):
    name = "expat"
    aliases = ["libexpat"]
    category = "lib"
    tags = ["xml"]
    summary = "Expat XML parser library (pkg-config, header)"
    pkgconfig = "expat"
    headers = ["expat.h"]
    version_macros = ["XML_MAJOR_VERSION", "XML_MINOR_VERSION", "XML_MICRO_VERSION"]
