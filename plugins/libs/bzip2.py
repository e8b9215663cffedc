"""bzip2, by its command-line tool or its pkg-config file."""

from envmgr.soft import Soft


class Bzip2(Soft):
    name = "bzip2"
    aliases = ["libbz2"]
    category = "lib"
    tags = ["compression"]
    summary = "bzip2 compression tool and library (bzip2, pkg-config)"
    executables = [r"bzip2"]
    companions = ["bunzip2", "bzcat"]
    # "bzip2, a block-sorting file compressor.  Version 1.0.8, 13-Jul-2019." (on stderr);
    # libbz2.so.1.0.4 is a soname that has not followed the releases: not declared.
    version_regex = r"^bzip2, a block-sorting file compressor\.\s+Version (?P<version>\d[\d.]*\d)"
    # bzip2.pc comes with 1.0.8 from some distros (Fedora, Arch) and upstream's 1.1; Debian
    # has none.
    pkgconfig = "bzip2"
