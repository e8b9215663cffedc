"""ncurses, the terminal library, found by its pkg-config file."""

from envmgr.soft import Soft


class Ncurses(Soft):
    name = "ncurses"
    aliases = ["libncurses", "curses"]
    category = "lib"
    summary = "ncurses terminal handling library (pkg-config)"
    # the wide-character build and the narrow one: same version, one entry
    # ncurses 6.x: "version=6.4.20221231" and "Version: ${version}" (expanded)
    pkgconfig = ["ncursesw", "ncurses"]
