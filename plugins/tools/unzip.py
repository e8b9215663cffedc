"""Info-ZIP's unzip extractor."""

from envmgr.soft import Soft


class Unzip(Soft):
    name = "unzip"
    category = "tool"
    tags = ["archive", "compression"]
    summary = "Info-ZIP unzip extractor"
    executables = [r"unzip"]
    version_args = ["-v"]
    # "UnZip 6.00 of 20 April 2009, by Debian. Original by Info-ZIP."; busybox's unzip
    # applet prints "BusyBox v1.35.0 ..." and is rejected.
    version_regex = r"^UnZip (?P<version>\d+\.\d+)"
    rejects = True  # busybox's unzip applet: a negative case records it
