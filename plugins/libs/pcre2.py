"""PCRE2, the regular expression library, found by its pkg-config files and pcre2.h."""

from envmgr.soft import Soft


class PCRE2(Soft):
    name = "pcre2"
    aliases = ["libpcre2"]
    category = "lib"
    tags = ["regex"]
    summary = "PCRE2 Perl-compatible regular expression library (pkg-config, header)"
    # libpcre2-8.so.0.11.2 is an ABI number (not read): the release is 10.42.
    # libpcre2-8.pc: the 8-bit library, the one always built (16 and 32 are optional)
    pkgconfig = "libpcre2-8"
    headers = ["pcre2.h"]
    version_macros = ["PCRE2_MAJOR", "PCRE2_MINOR"]
