"""GnuCOBOL, the COBOL compiler (cobc)."""

from envmgr.soft import Soft


class GnuCOBOL(Soft):
    name = "gnucobol"
    aliases = ["cobc", "cobol", "open-cobol"]
    category = "compiler"
    tags = ["lang-cobol"]
    summary = "GnuCOBOL COBOL compiler (cobc)"
    # cobc, and Debian's versioned names (cobc-3, cobc-4) where two GnuCOBOLs sit side by side
    executables = [r"cobc(?:-\d+)?"]
    companions = ["cobcrun", "cob-config"]
    # "cobc (GnuCOBOL) 3.1.2.0"; OpenCOBOL 1.1 said "cobc (OpenCOBOL) 1.1.0"
    version_regex = r"^cobc \((?:GnuCOBOL|OpenCOBOL)\) (?P<version>\d+\.\d+(?:\.\d+)*)"
    side_by_side = "Debian bookworm packages one GnuCOBOL (3.1): no second could be had to capture"
