"""GNU Octave, found by its command-line interpreter."""

from envmgr.soft import Soft


class Octave(Soft):
    name = "octave"
    aliases = ["gnu-octave"]
    category = "lang"
    tags = ["lang-matlab", "scientific"]
    summary = "GNU Octave numerical computing language"
    # octave-cli starts no GUI; `octave` is a link or a script beside it (one installation,
    # its versioned octave-cli-7.3.0 name in Octave's own bin dir included).
    executables = [r"octave-cli(?:-\d+(?:\.\d+)*)?"]
    companions = ["octave", "mkoctfile", "octave-config"]
    search_dirs = ["/opt/octave*/bin", "/usr/local/octave*/bin"]
    # "GNU Octave, version 7.3.0"
    version_regex = r"^GNU Octave, version (?P<version>\d+\.\d+\.\d+)"
    timeout = 30.0  # it loads its whole runtime to print the version
    side_by_side = "Debian packages one Octave: no second could be had to capture"
