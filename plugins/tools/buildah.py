"""Buildah, the OCI image builder."""

from envmgr.soft import Soft


class Buildah(Soft):
    name = "buildah"
    category = "tool"
    tags = ["container"]
    summary = "Buildah OCI container image builder"
    executables = [r"buildah"]
    # "buildah version 1.28.2 (image-spec 1.1.0-rc2, runtime-spec 1.0.2-dev)"
    version_regex = r"^buildah version (?P<version>\d+(?:\.\d+)+(?:-[\w.]+)?)"
    attrs_regex = {"image_spec": r"\(image-spec ([\w.-]+)",
                   "runtime_spec": r"runtime-spec ([\w.-]+)\)"}
