"""GNU M4, the macro processor autoconf needs."""

from envmgr.soft import Soft


class M4(Soft):
    name = "m4"
    aliases = ["gnu-m4"]
    category = "tool"
    tags = ["build"]
    summary = "GNU M4 macro processor"
    # gm4 is GNU M4's name on the BSDs and macOS (Homebrew), where m4 is BSD's
    executables = ["g?m4"]
    # "m4 (GNU M4) 1.4.19"; BSD m4 has no --version and is rejected.
    version_regex = r"^g?m4 \(GNU M4\) (?P<version>\d+(?:\.\d+)+)"
    rejects = "no BSD m4 (which takes no --version) could be installed here"
