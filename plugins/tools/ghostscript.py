"""Ghostscript, the PostScript and PDF interpreter."""

from envmgr.soft import Soft


class Ghostscript(Soft):
    name = "ghostscript"
    aliases = ["gs"]
    category = "tool"
    tags = ["pdf", "postscript"]
    summary = "Ghostscript PostScript and PDF interpreter (gs)"
    executables = [r"gs"]
    version_args = ["-h"]
    # "GPL Ghostscript 10.00.0 (2022-09-21)" (gs --version prints only "10.00.0", which
    # any gs-named program could print).
    version_regex = r"^(?:GPL |AFPL |Artifex )?Ghostscript (?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {"date": r"^\w* ?Ghostscript \S+ \((\d{4}-\d\d-\d\d)\)"}
