"""Perl 5 interpreters (system, perlbrew, plenv)."""

from envmgr.soft import Soft


class Perl(Soft):
    name = "perl"
    aliases = ["perl5"]
    category = "lang"
    tags = ["lang-perl"]
    summary = "Perl 5 interpreter"
    # Only `perl`: perl5.36.0 beside it is usually a hard link to the same file.
    executables = [r"perl"]
    search_dirs = ["$PERLBREW_ROOT/perls/*/bin", "~/perl5/perlbrew/perls/*/bin",
                   "$PLENV_ROOT/versions/*/bin", "~/.plenv/versions/*/bin"]
    companions = ["cpan", "perldoc", "prove"]
    # "This is perl 5, version 36, subversion 0 (v5.36.0) built for x86_64-linux-gnu-..."
    # and, before 5.10, "This is perl, v5.8.8 built for ...".
    version_regex = r"^This is perl\b.*?\bv(?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {"archname": r"^This is perl.* built for (\S+)"}
    # Several can live side by side (perlbrew, plenv), but only one could be had here to
    # capture: no side-by-side case yet.
    side_by_side = "only one installation could be captured"
