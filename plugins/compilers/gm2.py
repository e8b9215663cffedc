"""GNU Modula-2 (gm2), the Modula-2 compiler of GCC: probed as gcc is (`-v`)."""

from .gcc import GCC


class GM2(GCC):
    name = "gm2"
    aliases = ["gnu-modula2", "modula2"]
    tags = ["lang-modula2"]
    summary = "GNU Modula-2 compiler (gm2)"
    # gm2 and gm2-12, not cross compilers (x86_64-linux-gnu-gm2-12).
    executables = [r"gm2(?:-\d+(?:\.\d+)*)?"]
    companions = []
    env = {"M2C": "{executable}"}
    side_by_side = "Debian bookworm packages one gm2 (gm2-12): no second to capture"
    rejects = "no real tool posing as gm2 could be captured"
