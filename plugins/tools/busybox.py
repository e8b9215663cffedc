"""BusyBox, the multi-call binary of small systems' Unix tools."""

from envmgr.soft import Soft


class BusyBox(Soft):
    name = "busybox"
    category = "tool"
    tags = ["shell", "embedded"]
    summary = "BusyBox multi-call binary of Unix tools"
    executables = [r"busybox"]
    version_args = ()
    # "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary."
    version_regex = r"^BusyBox v(?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {"build": r"^BusyBox v\S+ \(([^)]*)\) multi-call"}
