"""curl, the URL transfer tool."""

import re
from typing import Any

from envmgr.soft import Soft

_FIRST = re.compile(r"^curl \S+ \((?P<target>[^)\s]+)\) libcurl/(?P<libcurl>\S+)(?P<rest>.*)$",
                    re.MULTILINE)


class Curl(Soft):
    name = "curl"
    category = "tool"
    tags = ["download", "network"]
    summary = "curl command-line tool for transferring data with URLs"
    executables = [r"curl"]
    # "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 ..."
    version_regex = r"^curl (?P<version>\d+(?:\.\d+)+(?:-DEV)?) \("

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        m = _FIRST.search(output)
        if m:
            attrs["target"] = m.group("target")
            attrs["libcurl"] = m.group("libcurl")
            ssl = re.search(r"\b((?:OpenSSL|LibreSSL|BoringSSL|GnuTLS|mbedTLS|wolfSSL|"
                            r"Schannel|SecureTransport|rustls)[/\w.\-]*)", m.group("rest"))
            if ssl:
                attrs["ssl"] = ssl.group(1)
        for key in ("Protocols", "Features"):
            m = re.search(rf"^{key}: (.*)$", output, re.MULTILINE)
            if m:
                attrs[key.lower()] = m.group(1).split()
        return attrs
