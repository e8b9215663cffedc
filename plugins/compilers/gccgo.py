"""gccgo, the Go compiler of GCC: probed as gcc is (`-v`); the go tool is its own soft."""

from .gcc import GCC


class GCCGo(GCC):
    name = "gccgo"
    aliases = []
    tags = ["lang-go"]
    summary = "GNU Go compiler (gccgo)"
    # gccgo and gccgo-12, not cross compilers (x86_64-linux-gnu-gccgo-12).
    executables = [r"gccgo(?:-\d+(?:\.\d+)*)?"]
    companions = []
    env = {"GCCGO": "{executable}"}
    side_by_side = "Debian bookworm packages one gccgo (gccgo-12): no second to capture"
    rejects = "no real tool posing as gccgo could be captured"
