"""Vala's compiler valac (Debian installs it as valac-0.56 with valac a link)."""

from envmgr.soft import Soft


class Valac(Soft):
    name = "vala"
    aliases = ["valac"]
    category = "compiler"
    tags = ["lang-vala"]
    summary = "Vala compiler (valac)"
    executables = [r"valac(?:-\d+\.\d+)?"]
    companions = ["vapigen", "vala-gen-introspect"]
    # "Vala 0.56.3"
    version_regex = r"^Vala (?P<version>\d+\.\d+\.\d+)"
    side_by_side = "Debian packages one Vala (valac-0.56): no second to capture"
