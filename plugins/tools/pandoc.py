"""Pandoc, the universal document converter."""

from envmgr.soft import Soft


class Pandoc(Soft):
    name = "pandoc"
    category = "tool"
    tags = ["docs"]
    summary = "Pandoc universal document converter"
    executables = ["pandoc"]
    # "pandoc 2.17.1.1", "pandoc.exe 3.1.11" (Windows)
    version_regex = r"^pandoc(?:\.exe)? (?P<version>\d+(?:\.\d+)+)"
