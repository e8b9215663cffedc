"""Mono, the open-source .NET runtime, and its C# compiler."""

from envmgr.soft import Soft


class Mono(Soft):
    name = "mono"
    aliases = ["mono-runtime", "lang-csharp"]
    category = "lang"
    tags = ["lang-csharp", "dotnet"]
    summary = "Mono .NET runtime (mono) and C# compiler (mcs)"
    executables = [r"mono"]
    search_dirs = ["/opt/mono*/bin", "/Library/Frameworks/Mono.framework/Versions/*/bin"]
    companions = ["mcs", "csc", "mono-sgen", "monodis", "xbuild", "msbuild", "nuget"]
    # "Mono JIT compiler version 6.8.0.105 (Debian 6.8.0.105+dfsg-3.3+deb12u1 Wed ...)"
    version_regex = r"^Mono JIT compiler version (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"architecture": r"^\s+Architecture:\s+(\S+)", "gc": r"^\s+GC:\s+(.+?)\s*$"}
    side_by_side = "Debian packages one Mono: no second could be had to capture"
