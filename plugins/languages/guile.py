"""GNU Guile, the Scheme implementation; Debian installs guile-3.0 beside guile-2.2."""

from envmgr.soft import Soft


class Guile(Soft):
    name = "guile"
    aliases = ["gnu-guile"]
    category = "lang"
    tags = ["lang-scheme"]
    summary = "GNU Guile Scheme interpreter"
    # guile, guile-3.0, guile3.0 (Fedora), guile-2.2
    executables = [r"guile(?:-?\d\.\d)?"]
    companions = ["guild", "guile-config", "guile-snarf"]
    # "guile (GNU Guile) 3.0.8"
    version_regex = r"^guile \(GNU Guile\) (?P<version>\d+\.\d+\.\d+)"
    side_by_side = True  # Debian's guile-2.2 beside guile-3.0: a case has both
