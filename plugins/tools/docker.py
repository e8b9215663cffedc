"""The Docker command-line client."""

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
    attrs_regex = {"build": r"^Docker version \S+, build (\w+)"}
    rejects = True  # podman's docker: a negative case records it
