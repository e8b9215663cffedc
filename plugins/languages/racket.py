"""Racket, found by its launcher racket."""

from envmgr.soft import Soft


class Racket(Soft):
    name = "racket"
    aliases = ["lang-racket"]
    category = "lang"
    tags = ["lang-scheme", "lang-racket"]
    summary = "Racket language (racket, raco)"
    executables = [r"racket"]
    search_dirs = ["/usr/local/racket*/bin", "/opt/racket*/bin"]
    companions = ["raco", "drracket", "scribble"]
    # "Welcome to Racket v8.7 [cs]." (the variant, cs or bc, is an attr)
    version_regex = r"^Welcome to Racket v(?P<version>\d+\.\d+(?:\.\d+)*)"
    attrs_regex = {"vm": r"^Welcome to Racket v\S+ \[(\w+)\]"}
    side_by_side = "Debian packages one Racket: no second could be had to capture"
