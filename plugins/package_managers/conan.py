"""Conan, the C and C++ package manager."""

from envmgr.soft import Soft


class Conan(Soft):
    name = "conan"
    category = "package-manager"
    tags = ["cpp"]
    summary = "Conan, the C and C++ package manager"
    executables = [r"conan"]
    # "Conan version 2.34.0" (and 1.x alike).
    version_regex = r"^Conan version (?P<version>\d+(?:\.\d+)+(?:-\w+)?)"
    probe_env = {"CONAN_HOME_SKIP": "1", "NO_COLOR": "1"}
    timeout = 20.0
