"""dpkg, Debian's package manager."""

from envmgr.soft import Soft


class Dpkg(Soft):
    name = "dpkg"
    category = "package-manager"
    tags = ["debian", "system"]
    summary = "dpkg, the Debian package manager"
    executables = [r"dpkg"]
    companions = ["dpkg-query", "dpkg-deb"]
    # "Debian 'dpkg' package management program version 1.21.22 (amd64)."
    version_regex = r"^Debian 'dpkg' package management program version (?P<version>\d[\w.~+-]*) \("
    attrs_regex = {"arch": r"^Debian 'dpkg' .* version \S+ \((\w+)\)"}
