"""HarfBuzz, the text shaping library, found by harfbuzz.pc and hb-version.h."""

from envmgr.soft import Soft


class HarfBuzz(Soft):
    name = "harfbuzz"
    aliases = ["libharfbuzz"]
    category = "lib"
    tags = ["font", "text"]
    summary = "HarfBuzz text shaping library (pkg-config, header)"
    pkgconfig = "harfbuzz"
    headers = ["harfbuzz/hb-version.h"]
    version_macros = ["HB_VERSION_STRING"]
