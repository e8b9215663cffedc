"""Regina, the REXX interpreter (regina, and rexx where it is the system's REXX)."""

from envmgr.soft import Soft


class Regina(Soft):
    name = "regina"
    aliases = ["regina-rexx", "rexx"]
    category = "lang"
    tags = ["lang-rexx"]
    summary = "Regina REXX interpreter"
    # rexx may be Open Object Rexx ("Open Object Rexx Version 5.0.0"): no "REXX-Regina_",
    # rejected.
    executables = [r"regina", r"rexx"]
    companions = ["regina-config", "rxqueue", "rxstack"]
    version_args = ["-v"]
    # "REXX-Regina_3.6(MT) 5.00 31 Dec 2011" (the threaded build's; rexx says "REXX-Regina_3.6")
    version_regex = r"^REXX-Regina_(?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {"language": r"^REXX-Regina_\S+ (\d+\.\d+) "}
    rejects = "no Open Object Rexx could be had here to capture"
