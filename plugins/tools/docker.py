"""The Docker command-line client."""

import re
from typing import Any

from envmgr.soft import Soft


class Docker(Soft):
    name = "docker"
    category = "tool"
    tags = ["container"]
    summary = "Docker command-line client for containers and images"
    executables = [r"docker"]
    companions = ["docker-compose"]
    # "Docker version 28.2.2, build e6534b4", "Docker version 20.10.24+dfsg1, build 297e128".
    # podman's docker shim prints "podman version ..." and is rejected.
    version_regex = r"^Docker version (?P<version>\d+(?:\.\d+)+(?:[-+~][\w.+~-]*)?), build"

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        m = re.search(r"^Docker version \S+, build (\w+)", output, re.MULTILINE)
        return {"build": m.group(1)} if m else {}
