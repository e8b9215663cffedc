"""curl, the URL transfer tool."""

import re
from typing import Any

from envmgr.soft import Soft

# The first line: "curl VERSION (TARGET) libcurl/VERSION" and the libraries it uses.
_FIRST = r"^curl \S+ \([^)\s]+\) libcurl/"
_SSL = r"OpenSSL|LibreSSL|BoringSSL|GnuTLS|mbedTLS|wolfSSL|Schannel|SecureTransport|rustls"


class Curl(Soft):
    name = "curl"
    category = "tool"
    tags = ["download", "network"]
    summary = "curl command-line tool for transferring data with URLs"
    executables = [r"curl"]
    # "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 ..."
    version_regex = r"^curl (?P<version>\d+(?:\.\d+)+(?:-DEV)?) \("
    attrs_regex = {
        "target": r"^curl \S+ \(([^)\s]+)\) libcurl/\S",
        "libcurl": _FIRST + r"(\S+)",
        "ssl": _FIRST + rf"\S+(?!\S).*?\b((?:{_SSL})[/\w.\-]*)",
    }

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        # Protocols and Features are lists.
        attrs: dict[str, Any] = super().determine_attrs(output)
        for key in ("Protocols", "Features"):
            m = re.search(rf"^{key}: (.*)$", output, re.MULTILINE)
            if m:
                attrs[key.lower()] = m.group(1).split()
        return attrs
