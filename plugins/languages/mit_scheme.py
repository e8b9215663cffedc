"""MIT/GNU Scheme, found by mit-scheme (and `scheme`, which its own installs create)."""

from envmgr.soft import Soft


class MITScheme(Soft):
    name = "mit-scheme"
    aliases = ["mit-gnu-scheme"]
    category = "lang"
    tags = ["lang-scheme"]
    summary = "MIT/GNU Scheme"
    executables = [r"mit-scheme", r"scheme"]
    search_dirs = ["/usr/local/lib/mit-scheme*"]
    # "MIT/GNU Scheme 12.1"; a Chez Scheme installed as scheme prints a bare version and is
    # rejected.
    version_regex = r"^MIT/GNU Scheme (?P<version>\d+\.\d+(?:\.\d+)*)"
    rejects = True  # Chez Scheme as scheme: a negative case records it
    side_by_side = "Debian packages one MIT Scheme: no second could be had to capture"
