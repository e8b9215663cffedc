"""libssh, the SSH library, found by libssh.pc and its version header."""

from envmgr.soft import Soft


class LibSSH(Soft):
    name = "libssh"
    category = "lib"
    tags = ["ssh", "crypto"]
    summary = "libssh SSH protocol library (pkg-config, header)"
    # The macros moved from libssh.h to libssh_version.h in 0.10.
    pkgconfig = "libssh"
    headers = ["libssh/libssh_version.h", "libssh/libssh.h"]
    version_macros = ["LIBSSH_VERSION_MAJOR", "LIBSSH_VERSION_MINOR", "LIBSSH_VERSION_MICRO"]
