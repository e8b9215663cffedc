"""Zig, the language and C/C++ toolchain: a tarball's dir, a package's bin, or PyPI's ziglang."""

from envmgr.soft import Soft


class Zig(Soft):
    name = "zig"
    aliases = ["ziglang"]
    category = "compiler"
    tags = ["lang-zig", "lang-c", "lang-cpp"]
    summary = "Zig compiler and C/C++ toolchain"
    executables = [r"zig"]
    # Zig's tarballs keep zig at their top (zig-linux-x86_64-0.13.0/zig beside lib/), and
    # PyPI's ziglang wheel in site-packages/ziglang: the dir is the prefix.
    search_dirs = ["/opt/zig*", "/usr/local/zig*", "~/.local/zig*", "~/zig*", "~/.zig",
                   "$VIRTUAL_ENV/lib/python3*/site-packages/ziglang",
                   "~/.local/lib/python3*/site-packages/ziglang",
                   "/usr/local/lib/python3*/dist-packages/ziglang"]
    version_args = ["version"]
    # "0.17.1", or a dev build's "0.14.0-dev.2851+b074fb7dd"
    version_regex = r"^(?P<version>\d+\.\d+\.\d+(?:-dev\.\d+\+[0-9a-f]+)?)\s*$"
    env = {"ZIG": "{executable}"}
    side_by_side = True  # two tarballs' zig in one layout
