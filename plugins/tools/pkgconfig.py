"""pkg-config (freedesktop) and pkgconf, the library metadata helpers."""

from envmgr.soft import Soft


class PkgConfig(Soft):
    name = "pkg-config"
    aliases = ["pkgconf"]
    category = "tool"
    tags = ["build"]
    summary = "pkg-config / pkgconf: compiler and linker flags of installed libraries"
    executables = [r"pkg-config", r"pkgconf"]
    companions = ["pkg-config", "pkgconf"]  # both names in a shell, whichever was found
    # Both print the bare version: "1.8.1" (pkgconf), "0.29.2" (freedesktop pkg-config).
    version_regex = r"\A\s*(?P<version>\d+(?:\.\d+)+)\s*\Z"
