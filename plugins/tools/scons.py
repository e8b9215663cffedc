"""SCons, the Python-scripted build tool."""

from envmgr.soft import Soft


class SCons(Soft):
    name = "scons"
    category = "tool"
    tags = ["build"]
    summary = "SCons software construction tool"
    executables = ["scons"]
    # "SCons: v4.4.0.fc8d0ec2..., Sat, 30 Jul 2022 ..." (4.x); "script: v2.5.1.rel_2.5.1:..."
    # and "engine: v3.0.1.rel_3.0.1:..." (2.x, 3.x). Three parts at most: the hash that follows
    # may start with digits ("v4.5.2.120fd4f...").
    version_regex = r"^\s*(?:SCons|engine|script): v(?P<version>\d+\.\d+(?:\.\d+)?)(?!\d)"
    # read, not run: its distribution's metadata (Debian's SCons-4.4.0-py3.10.egg-info)
    release_files = {
        "lib/python3*/*-packages/[Ss][Cc]ons-*.dist-info/METADATA":
            r"^Version: (?P<version>\d+\.\d+(?:\.\d+)?)(?!\d)",
        "lib/python3*/*-packages/[Ss][Cc]ons-*.egg-info/PKG-INFO":
            r"^Version: (?P<version>\d+\.\d+(?:\.\d+)?)(?!\d)",
    }
