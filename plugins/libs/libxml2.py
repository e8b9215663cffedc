"""libxml2, the GNOME XML parser library, found by its shared library file."""

from envmgr.soft import Soft


class LibXML2(Soft):
    name = "libxml2"
    aliases = ["lib-xml2"]
    category = "lib"
    tags = ["xml"]
    summary = "libxml2 XML parser and toolkit (shared library)"
    # libxml2.so.2.9.14: the file name carries the full version; libxml2.so and
    # libxml2.so.2 are links to it and make one candidate with it.
    libraries = [r"libxml2\.so\.(?P<version>\d+(?:\.\d+)*)"]
