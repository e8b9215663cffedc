"""libsodium, the cryptography library, found by libsodium.pc and sodium/version.h."""

from envmgr.soft import Soft


class LibSodium(Soft):
    name = "libsodium"
    aliases = ["sodium"]
    category = "lib"
    tags = ["crypto"]
    summary = "libsodium cryptography library (pkg-config, header)"
    pkgconfig = "libsodium"
    headers = ["sodium/version.h"]
    version_macros = ["SODIUM_VERSION_STRING"]
