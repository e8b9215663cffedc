"""APT, Debian's package manager front end."""

from envmgr.soft import Soft


class Apt(Soft):
    name = "apt"
    category = "package-manager"
    tags = ["debian", "system"]
    summary = "APT, the Debian package manager front end"
    executables = [r"apt", r"apt-get"]
    companions = ["apt-get", "apt-cache"]
    # "apt 2.6.1 (amd64)". Old JDKs' annotation processing tool, also called apt, prints
    # no such line.
    version_regex = r"^apt (?P<version>\d+(?:\.\d+)+(?:~\w+)?) \("
    attrs_regex = {"arch": r"^apt \S+ \((\w+)\)"}
