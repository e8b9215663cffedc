"""Meson, the build system (Debian's package or a pip wheel)."""

from envmgr.soft import Soft


class Meson(Soft):
    name = "meson"
    category = "tool"
    tags = ["build"]
    summary = "Meson build system"
    executables = [r"meson(?:\.py)?"]
    # `meson --version` prints the bare version: "1.0.1", "1.4.0rc2".
    version_regex = r"\A\s*(?P<version>\d+\.\d+\.\d+(?:\.rc\d+|rc\d+)?)\s*\Z"
