"""libcurl, the URL transfer library, found by curl-config, libcurl.pc and curlver.h."""

from envmgr.soft import Soft


class LibCurl(Soft):
    name = "libcurl"
    aliases = ["lib-curl"]
    category = "lib"
    tags = ["network", "http"]
    summary = "libcurl URL transfer library (curl-config, pkg-config, header)"
    executables = [r"curl-config"]
    version_regex = r"^libcurl (?P<version>\d+\.\d+\.\d+[\w.\-]*)"  # "libcurl 7.88.1"
    pkgconfig = "libcurl"
    # Debian: /usr/include/<multiarch>/curl/curlver.h, one per TLS flavour
    headers = ["curl/curlver.h"]
    version_macros = ["LIBCURL_VERSION"]  # #define LIBCURL_VERSION "7.88.1"
    # libcurl.so.4.8.0 is the ABI number, not the release: not read.
