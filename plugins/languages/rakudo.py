"""Rakudo, the compiler of the Raku language (raku, rakudo, perl6)."""

from envmgr.soft import Soft


class Rakudo(Soft):
    name = "rakudo"
    aliases = ["raku", "perl6"]
    category = "lang"
    tags = ["lang-raku"]
    summary = "Rakudo compiler for Raku"
    executables = [r"rakudo", r"raku", r"perl6"]
    search_dirs = ["~/.rakubrew/versions/*/install/bin", "/opt/rakudo*/bin"]
    companions = ["zef", "rakudoc"]
    # "Welcome to Rakudo™ v2022.12." then the language level and MoarVM's version
    version_regex = r"^Welcome to Rakudo\S* v(?P<version>\d{4}\.\d{2}(?:\.\d+)?)"
    attrs_regex = {"language": r"Raku\S* Programming Language v(\d\.\w)",
                   "moarvm": r"^Built on MoarVM version (\S+?)\.?$"}
    side_by_side = "one rakubrew version per dir: only Debian's Rakudo could be captured"
