"""CHICKEN Scheme, found by its interpreter csi."""

from envmgr.soft import Soft


class Chicken(Soft):
    name = "chicken"
    aliases = ["chicken-scheme"]
    category = "lang"
    tags = ["lang-scheme"]
    summary = "CHICKEN Scheme compiler and interpreter (csc, csi)"
    # csi, and the chicken-csi some distros rename it to (Mono and .NET ship a C# csi too:
    # its banner names no CHICKEN and it is rejected).
    executables = [r"csi", r"chicken-csi"]
    companions = ["csc", "chicken", "chicken-install", "chicken-csc"]
    # "CHICKEN" ... "Version 5.3.0 (rev e31bbee5)" then the platform line
    version_args = ["-version"]
    version_regex = r"\ACHICKEN\n(?:.*\n)*?Version (?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {"rev": r"^Version \S+ \(rev (\w+)\)", "platform": r"^(\S+) \[ .* \]$"}
    rejects = "no C# csi (Mono, .NET) could be had here to capture"
