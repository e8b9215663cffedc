"""Podman, the daemonless container engine."""

from envmgr.soft import Soft


class Podman(Soft):
    name = "podman"
    category = "container"
    tags = ["oci"]
    summary = "Podman daemonless container engine"
    executables = ["podman"]
    # "podman version 4.3.1", "podman version 5.0.0-dev"
    version_regex = r"^podman(?:\.exe)? version (?P<version>\d+(?:\.\d+)+(?:-[\w.]+)?)"
