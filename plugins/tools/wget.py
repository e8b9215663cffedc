"""GNU Wget, the non-interactive network downloader (Wget2 too, where it is `wget`)."""

import re
from typing import Any

from envmgr.soft import Soft


class Wget(Soft):
    name = "wget"
    category = "tool"
    tags = ["download", "network"]
    summary = "GNU Wget non-interactive network downloader"
    executables = [r"wget"]
    # "GNU Wget 1.21.3 built on linux-gnu.", "GNU Wget2 2.1.0 - multithreaded metalink/..."
    version_regex = r"^GNU Wget2? (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"ssl": r"\+ssl/(\w+)"}  # "+ssl/gnutls" among the features

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        attrs: dict[str, Any] = super().determine_attrs(output)
        if re.search(r"^GNU Wget2 ", output, re.MULTILINE):
            attrs = {"wget2": True, **attrs}  # a flag, not a value in the output
        return attrs
