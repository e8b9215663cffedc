"""FreeType, the font rendering library, found by freetype/freetype.h."""

from envmgr.soft import Soft


class FreeType(Soft):
    name = "freetype"
    aliases = ["freetype2", "libfreetype"]
    category = "lib"
    tags = ["font"]
    summary = "FreeType font rendering library (header)"
    # freetype2.pc's Version is the libtool version (24.3.18 for the release 2.12.1),
    # and so is what `pkg-config --modversion freetype2` prints; libfreetype.so.6.18.3
    # is the ABI number. The header is the truth: neither of the others is read.
    headers = ["freetype2/freetype/freetype.h", "freetype/freetype.h"]
    version_macros = ["FREETYPE_MAJOR", "FREETYPE_MINOR", "FREETYPE_PATCH"]
