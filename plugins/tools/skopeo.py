"""skopeo, which inspects and copies container images between registries."""

from envmgr.soft import Soft


class Skopeo(Soft):
    name = "skopeo"
    category = "tool"
    tags = ["container"]
    summary = "skopeo container image inspection and copying"
    executables = [r"skopeo"]
    # "skopeo version 1.9.3", "skopeo version 1.13.3 commit: 1f9a4b0"
    version_regex = r"^skopeo version (?P<version>\d+(?:\.\d+)+(?:-[\w.]+)?)"
    attrs_regex = {"commit": r" commit: (\w+)"}
