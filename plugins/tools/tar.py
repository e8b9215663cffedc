"""GNU tar, the tape archiver."""

from envmgr.soft import Soft


class Tar(Soft):
    name = "tar"
    aliases = ["gnu-tar"]
    category = "tool"
    tags = ["archive"]
    summary = "GNU tar archiver"
    executables = [r"tar", r"gtar"]
    # "tar (GNU tar) 1.34". bsdtar under the name tar ("bsdtar 3.6.2 - libarchive 3.6.2")
    # and busybox's tar applet are other programs: rejected.
    version_regex = r"^tar \(GNU tar\) (?P<version>\d+(?:\.\d+)+)"
    rejects = True  # bsdtar and busybox linked as tar: negative cases record them
