"""FLAC, the free lossless audio codec's command-line tool."""

from envmgr.soft import Soft


class Flac(Soft):
    name = "flac"
    category = "tool"
    tags = ["audio"]
    summary = "FLAC lossless audio codec (flac)"
    executables = [r"flac"]
    companions = ["metaflac"]
    # "flac 1.4.2"
    version_regex = r"^flac (?P<version>\d+\.\d+\.\d+)"
