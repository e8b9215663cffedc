"""GDC, the D compiler of GCC: probed as gcc is (`-v`)."""

from .gcc import GCC


class GDC(GCC):
    name = "gdc"
    aliases = ["gnu-d"]
    tags = ["lang-d"]
    summary = "GNU D compiler (gdc)"
    # gdc and gdc-12, not cross compilers (x86_64-linux-gnu-gdc-12).
    executables = [r"gdc(?:-\d+(?:\.\d+)*)?"]
    companions = []
    env = {"DC": "{executable}"}
    side_by_side = "Debian bookworm packages one gdc (gdc-12): no second could be had to capture"
    # gcc's rule (no "gcc version" line: turned down) applies, but nothing that poses as
    # gdc could be had here to capture: no negative case.
    rejects = "no real tool posing as gdc could be captured"
