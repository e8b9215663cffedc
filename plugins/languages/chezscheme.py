"""Chez Scheme, found by its executable (scheme upstream, chezscheme on Debian, chez on
Homebrew); MIT/GNU Scheme installs a `scheme` too and is rejected."""

from envmgr.soft import Soft


class ChezScheme(Soft):
    name = "chezscheme"
    aliases = ["chez-scheme", "chez"]
    category = "lang"
    tags = ["lang-scheme"]
    summary = "Chez Scheme"
    executables = [r"chezscheme", r"chez", r"scheme"]
    companions = ["petite", "scheme-script"]
    # the version alone ("9.5.8", on stderr); MIT Scheme's `scheme --version` prints "MIT/GNU
    # Scheme 12.1" and the banner: no bare version, rejected.
    version_regex = r"\A(?P<version>\d+\.\d+\.\d+)\s*\Z"
    rejects = True  # MIT/GNU Scheme as scheme: a negative case records it
