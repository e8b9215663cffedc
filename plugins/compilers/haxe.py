"""Haxe, the cross-platform language and compiler."""

from envmgr.soft import Soft


class Haxe(Soft):
    name = "haxe"
    aliases = ["lang-haxe"]
    category = "compiler"
    tags = ["lang-haxe"]
    summary = "Haxe compiler"
    executables = [r"haxe"]
    search_dirs = ["/opt/haxe*", "/usr/local/haxe*"]  # Haxe's tarballs keep haxe at their top
    companions = ["haxelib"]
    # the version alone: "4.2.5", or a nightly's "4.3.0-rc.1+4c8b6e6"
    version_regex = r"^(?P<version>\d+\.\d+\.\d+(?:-[\w.]+)?(?:\+[0-9a-f]+)?)\s*$"
    side_by_side = "Debian packages one Haxe: no second could be had to capture"
