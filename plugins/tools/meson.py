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
    # read, not run (Python imports all of mesonbuild to print it): its distribution's metadata
    release_files = {
        "lib/python3*/*-packages/meson-*.dist-info/METADATA":
            r"^Version: (?P<version>\d+\.\d+\.\d+(?:\.rc\d+|rc\d+)?)\s*$",
        "lib/python3*/*-packages/meson-*.egg-info/PKG-INFO":
            r"^Version: (?P<version>\d+\.\d+\.\d+(?:\.rc\d+|rc\d+)?)\s*$",
    }
