"""7-Zip, the archiver: 7zz (7-Zip itself) and p7zip's 7z, 7za, 7zr."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Soft


class SevenZip(Soft):
    name = "7zip"
    aliases = ["p7zip", "7z"]
    category = "tool"
    tags = ["archive", "compression"]
    summary = "7-Zip archiver (7zz, 7z)"
    executables = [r"7zz", r"7za?", r"7zr"]
    # Without arguments it prints its banner: "7-Zip (z) 26.02 (x64) : Copyright ..."
    # (7zz), "7-Zip [64] 26.02 : Copyright ...\np7zip Version 16.02 (...)" (Debian's p7zip
    # wrapper of the same engine).
    version_args = ()
    version_regex = r"^7-Zip (?:\(\w\) |\[\d+\] )?(?P<version>\d+\.\d+)"
    attrs_regex = {"p7zip": r"^p7zip Version (\d+\.\d+)"}

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        """``/usr`` for p7zip's real ``/usr/lib/p7zip/7z`` (``/usr/bin/7z`` execs it)."""
        libdir = os.path.dirname(candidate.realpath)
        if os.path.basename(libdir) == "p7zip" and os.path.basename(os.path.dirname(libdir)) in (
                "lib", "lib64", "libexec"):
            return os.path.dirname(os.path.dirname(libdir))
        return super().determine_prefix(candidate)
