"""adb, the Android Debug Bridge."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Soft


class Adb(Soft):
    name = "adb"
    aliases = ["android-platform-tools"]
    category = "tool"
    tags = ["android"]
    summary = "Android Debug Bridge (adb)"
    executables = [r"adb"]
    search_dirs = ["$ANDROID_HOME/platform-tools", "$ANDROID_SDK_ROOT/platform-tools",
                   "~/Android/Sdk/platform-tools"]
    version_args = ["version"]
    # "Android Debug Bridge version 1.0.41\nVersion 29.0.6-debian": 29.0.6 is the
    # platform-tools release, 1.0.41 the protocol's version.
    version_regex = r"\AAndroid Debug Bridge version [\d.]+\s+Version (?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {"protocol": r"^Android Debug Bridge version (\d[\d.]*)"}
    env = {"ANDROID_HOME": "{prefix}"}

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        """The SDK root (``/usr/lib/android-sdk``): the parent of ``platform-tools``."""
        tools = os.path.dirname(candidate.realpath)
        if os.path.basename(tools) == "platform-tools":
            return os.path.dirname(tools)
        return super().determine_prefix(candidate)
