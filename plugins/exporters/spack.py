"""The ``spack`` exporter: a ``packages.yaml`` declaring detected entries as externals.

Only detected entries go in (what envmgr installed, Spack can build itself), and not
Python packages or data sets. The prefix is where the software is installed, so that
``<prefix>/bin/<tool>`` is the tool: for Python, the interpreter's ``sys.base_prefix``
(never a venv, nor the parent of a shims folder, as ``spack external find`` may take);
for the rest, the entry's prefix, or the folder above the ``bin`` folder the executable
really lives in. Compilers list their compilers under ``extra_attributes``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from envmgr.errors import NotFoundError
from envmgr.export import quote
from envmgr.export.exporter import Exporter, ExportRequest
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.plugin.collectors import Exporters
    from envmgr.store.entry import Entry

__all__ = ["SpackExporter", "spack_name", "spack_prefix", "envmgr_register_exporters"]

#: envmgr soft → Spack package, where the names differ
SPACK_NAMES = {"make": "gmake", "node": "node-js", "java": "openjdk", "tbb": "intel-tbb",
               "postgresql-client": "postgresql"}
_SKIP_CATEGORIES = ("python-package", "dataset")
#: the compilers of a compiler entry: Spack's language → the entry's commands to try
_COMPILERS = {"gcc": {"c": ("gcc",), "cxx": ("g++",), "fortran": ("gfortran",)},
              "llvm": {"c": ("clang",), "cxx": ("clang++",)}}
_VERSION = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def spack_name(entry: Entry) -> str:
    """The Spack package of ``entry``'s soft."""
    return SPACK_NAMES.get(entry.soft, entry.soft)


def spack_prefix(entry: Entry) -> str | None:
    """Where ``entry`` is installed, as Spack means it (None when unknown)."""
    base = entry.attrs.get("base_prefix")
    if entry.soft == "python" and isinstance(base, str) and base:
        return base
    if entry.prefix:
        return entry.prefix
    exe = entry.executable
    if exe:
        bindir = os.path.dirname(os.path.realpath(exe))
        if os.path.basename(bindir) == "bin":
            return os.path.dirname(bindir)
    return None


def _compilers(entry: Entry) -> dict[str, str]:
    commands = entry.commands
    found = {}
    for lang, names in _COMPILERS.get(entry.soft, {}).items():
        path = next((commands[n] for n in names if commands.get(n)), None)
        if path is None and lang == "c":
            path = entry.executable  # gcc's own executable is its C compiler
        if path:
            found[lang] = path
    return found


class SpackExporter(Exporter):
    """Spack's ``packages.yaml``."""

    name = "spack"
    summary = "a Spack packages.yaml of the detected entries as externals"
    filename = "packages.yaml"
    line_breaks = True  # writes prefixes as YAML scalars, no environment values

    def render(self, request: ExportRequest) -> str:
        return self._yaml(request.entries, f"envmgr export --format spack: {request.name}")

    def render_home(self, requests: Sequence[ExportRequest]) -> dict[str, str] | None:
        entries = [e for r in requests for e in r.selected]
        return {self.filename: self._yaml(entries, "envmgr export --all --format spack")}

    def _yaml(self, entries: Sequence[Entry], what: str) -> str:
        by_package: dict[str, list[tuple[str, str, Entry]]] = {}
        for entry in entries:
            if entry.source != "detected" or entry.category in _SKIP_CATEGORIES:
                continue
            prefix = spack_prefix(entry)
            if not prefix or not _VERSION.match(entry.version):
                continue
            items = by_package.setdefault(spack_name(entry), [])
            if not any(p == prefix and v == entry.version for v, p, _ in items):
                items.append((entry.version, prefix, entry))
        if not by_package:
            raise NotFoundError("none of these entries is detected software Spack can use "
                                "as an external", "export detected tools and libraries "
                                "('envmgr list' shows each entry's source)")
        q = quote.yaml
        lines = [f"# written by {what}", "packages:"]
        for package in sorted(by_package):
            lines += [f"  {q(package)}:", "    externals:"]
            for version, prefix, entry in sorted(by_package[package], key=lambda i: i[:2]):
                lines += [f"    - spec: {q(f'{package}@{version}')}", f"      prefix: {q(prefix)}"]
                compilers = _compilers(entry)
                if compilers:
                    lines += ["      extra_attributes:", "        compilers:"]
                    lines += [f"          {lang}: {q(path)}" for lang, path in compilers.items()]
        return "\n".join(lines) + "\n"


@hookimpl
def envmgr_register_exporters(exporters: Exporters) -> None:
    """Add the spack exporter."""
    exporters.add("spack", SpackExporter())
