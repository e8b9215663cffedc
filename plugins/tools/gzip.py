"""GNU gzip, the compressor."""

from envmgr.soft import Soft


class Gzip(Soft):
    name = "gzip"
    category = "tool"
    tags = ["compression"]
    summary = "GNU gzip compressor"
    executables = [r"gzip"]
    companions = ["gunzip", "zcat"]
    # "gzip 1.12"; busybox's gzip applet ("BusyBox v1.35.0 ...") and pigz linked as gzip
    # ("pigz 2.6") are rejected.
    version_regex = r"^gzip (?P<version>\d+\.\d+(?:\.\d+)?)$"
    rejects = True  # busybox linked as gzip: a negative case records it
