"""The ``dockerfile`` and ``apptainer`` exporters: images that rebuild the environment.

Both install envmgr in the image, copy in the lock file (``envmgr lock``, named by
``--lock``; ``envmgr.lock`` by default, beside the definition), run ``envmgr restore`` on
it with the home at ``/opt/envmgr``, and then set the exported environment, with paths in
this home moved to the image's. The base image (``--base``) must hold what the lock
says was detected (a compiler from the distribution, say); the default is a Python image.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from envmgr import __version__
from envmgr.activate.envops import APPEND, PREPEND, SET
from envmgr.errors import UsageError
from envmgr.export import quote
from envmgr.export.exporter import Exporter, ExportRequest, rehome
from envmgr.export.posix import statements
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.activate.envops import EnvOp
    from envmgr.plugin.collectors import Exporters

__all__ = ["DockerfileExporter", "ApptainerExporter", "IMAGE_HOME", "DEFAULT_BASE",
           "envmgr_register_exporters"]

IMAGE_HOME = "/opt/envmgr"
DEFAULT_BASE = "python:3.12-slim"
_PACKAGE = f"envmgr-ck=={__version__}"


def _lock(request: ExportRequest, fmt: str) -> str:
    lock = request.lock
    bad = not lock or lock.startswith("/") or ".." in lock.split("/")
    if bad or any(c.isspace() or not c.isprintable() for c in lock):
        raise UsageError(f"cannot use --lock {lock[:60]!r} in {fmt}: it must be a path inside "
                         "the build folder, without spaces", "for example --lock envmgr.lock")
    return lock


def _base(request: ExportRequest) -> str:
    base = request.base or DEFAULT_BASE
    if any(c.isspace() or not c.isprintable() for c in base):
        raise UsageError(f"--base {base[:60]!r} is not an image name",
                         "for example --base debian:12")
    return base


def _ops(request: ExportRequest) -> list[EnvOp]:
    return rehome(request.ops, request.home, IMAGE_HOME)


def _how(request: ExportRequest, fmt: str) -> list[str]:
    tags = " ".join(f"--tags={','.join(g)}" for g in request.selection) or "--tags=..."
    tags = "".join(c if c.isprintable() else "?" for c in tags)  # it is a comment
    return [f"# {request.name}: written by envmgr export --format {fmt}",
            f"# beside it: envmgr lock {tags} -o {request.lock}"]


class DockerfileExporter(Exporter):
    """A Dockerfile (docker, podman, buildah)."""

    name = "dockerfile"
    summary = "a Dockerfile that restores the lock file inside the image"
    filename = "Dockerfile"
    label = "a Dockerfile"

    def render(self, request: ExportRequest) -> str:
        lock = _lock(request, "a Dockerfile")
        lines = [*_how(request, self.name), "#   docker build -t IMAGE .",
                 f"FROM {_base(request)}",
                 f"ENV ENVMGR_HOME={IMAGE_HOME}",
                 f"RUN python3 -m pip install --no-cache-dir {_PACKAGE}",
                 f"COPY {json.dumps([lock, IMAGE_HOME + '/envmgr.lock'])}",
                 f"RUN envmgr restore {IMAGE_HOME}/envmgr.lock"]
        for op in _ops(request):
            dirs = ":".join(quote.docker(d)[1:-1] for d in dict.fromkeys(op.dirs) if d)
            if op.kind == PREPEND and dirs:
                lines.append(f'ENV {op.var}="{dirs}${{{op.var}:+:${{{op.var}}}}}"')
            elif op.kind == APPEND and dirs:
                lines.append(f'ENV {op.var}="${{{op.var}}}${{{op.var}:+:}}{dirs}"')
            elif op.kind == SET:
                lines.append(f"ENV {op.var}={quote.docker(str(op.value))}")
            elif op.kind not in (PREPEND, APPEND):
                lines.append(f'ENV {op.var}=""')  # a Dockerfile cannot unset a variable
        return "\n".join(lines) + "\n"


class ApptainerExporter(Exporter):
    """An Apptainer (Singularity) definition file."""

    name = "apptainer"
    summary = "an Apptainer definition file that restores the lock file inside the image"
    filename = "envmgr.def"
    label = "an Apptainer definition"

    def render(self, request: ExportRequest) -> str:
        lock = _lock(request, "an Apptainer definition")
        ops = _ops(request)
        lines = [*_how(request, self.name), "#   apptainer build IMAGE.sif envmgr.def",
                 "Bootstrap: docker", f"From: {_base(request)}",
                 "", "%files", f"    {lock} {IMAGE_HOME}/envmgr.lock",
                 "", "%post", f"    export ENVMGR_HOME={IMAGE_HOME}",
                 f"    python3 -m pip install --no-cache-dir {_PACKAGE}",
                 f"    envmgr restore {IMAGE_HOME}/envmgr.lock",
                 "", "%environment", f"    export ENVMGR_HOME={IMAGE_HOME}",
                 *statements(ops, indent="    ")]
        return "\n".join(lines) + "\n"


@hookimpl
def envmgr_register_exporters(exporters: Exporters) -> None:
    """Add the dockerfile and apptainer exporters."""
    exporters.add("dockerfile", DockerfileExporter())
    exporters.add("apptainer", ApptainerExporter())
