"""GNAT, the Ada compiler of GCC, found by its driver gnat."""

from envmgr.soft import Soft


class GNAT(Soft):
    name = "gnat"
    aliases = ["ada"]
    category = "compiler"
    tags = ["lang-ada"]
    summary = "GNAT Ada compiler (GCC)"
    # gnat and Debian's gnat-12 (gnatmake, gnatls ... are companions, not candidates).
    executables = [r"gnat(?:-\d+(?:\.\d+)*)?"]
    companions = ["gnatmake", "gnatls", "gnatbind", "gnatlink", "gnatprep"]
    # "GNAT 12.2.0" on the first line; AdaCore's community builds say "GNAT Community 2021
    # (20210519-103)" and are left to a later capture.
    version_regex = r"^GNAT (?P<version>\d+(?:\.\d+)+)"
    side_by_side = "Debian bookworm packages one GNAT (gnat-12): no second could be had to capture"
