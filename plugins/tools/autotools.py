"""The GNU Autotools: Autoconf, Automake and Libtool."""

from envmgr.soft import Soft


class Autoconf(Soft):
    name = "autoconf"
    category = "tool"
    tags = ["build", "autotools"]
    summary = "GNU Autoconf configure script generator"
    executables = [r"autoconf(?:-?\d+(?:\.\d+)*)?"]  # autoconf, autoconf2.69
    companions = ["autoheader", "autoreconf", "autom4te", "autoscan", "autoupdate", "ifnames"]
    version_regex = r"^autoconf \(GNU Autoconf\) (?P<version>\d+(?:\.\d+)+[a-z]?)"
    side_by_side = True  # autoconf 2.71 beside autoconf2.69: a case has them in one layout


class Automake(Soft):
    name = "automake"
    category = "tool"
    tags = ["build", "autotools"]
    summary = "GNU Automake Makefile.in generator"
    executables = [r"automake(?:-\d+(?:\.\d+)*)?"]  # automake, automake-1.16
    companions = ["aclocal"]
    version_regex = r"^automake \(GNU automake\) (?P<version>\d+(?:\.\d+)+)"
    # Several can live side by side (automake-1.15 beside automake-1.16), but only one
    # could be had here to capture: no side-by-side case yet.
    side_by_side = "only one installation could be captured"


class Libtool(Soft):
    name = "libtool"
    category = "tool"
    tags = ["build", "autotools"]
    summary = "GNU Libtool shared library support script (libtool, libtoolize)"
    # Debian's libtool package has libtoolize; libtool-bin has libtool; Homebrew prefixes g.
    # Apple's own /usr/bin/libtool is another tool and is rejected by the version_regex.
    # Apple's itself cannot be had on Linux; the negative case is LLVM's drop-in for it,
    # llvm-libtool-darwin, captured as libtool.
    executables = [r"g?libtoolize", r"g?libtool"]
    companions = ["libtool", "libtoolize", "glibtool", "glibtoolize"]
    # "libtoolize (GNU libtool) 2.4.7", "libtool (GNU libtool) 2.4.7"
    version_regex = r"^g?libtool(?:ize)? \(GNU libtool\) (?P<version>\d+(?:\.\d+)+)"
    rejects = True  # a Darwin libtool: a negative case records it
