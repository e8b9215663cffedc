"""What an exporter is: the base classes plugins subclass, and the request they render.

An exporter is registered by a plugin::

    @hookimpl
    def envmgr_register_exporters(exporters):
        exporters.add("lmod", LmodExporter())

and turns an :class:`ExportRequest` (the operations, never reordered, and the entries they
come from) into text. ``envmgr export`` writes that text to stdout, a file, or
``DIR/<filename>``; ``envmgr export --all`` gives :meth:`Exporter.render_home` one request
per entry of the home.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from envmgr.activate.envops import EnvOp, control_char, valid_name
from envmgr.errors import UsageError
from envmgr.store.entry import Entry

__all__ = ["ExportRequest", "Exporter", "ModuleExporter", "FAMILIES", "families",
           "checked_ops", "check", "rehome"]

#: entry category → Lmod family: two modules of one family are never loaded together
FAMILIES = {"compiler": "compiler", "mpi": "mpi"}


@dataclass
class ExportRequest:
    """One environment to render."""

    #: what activating it does, in order (``ENVMGR_ACTIVE`` left out: an exported file
    #: is not an envmgr activation)
    ops: list[EnvOp]
    #: the entries chosen (by ``--tags``, or the one entry of a module tree's module)
    selected: list[Entry]
    #: ``selected`` and their dependencies, in activation order
    entries: list[Entry]
    #: ``soft/version``: the module name (of the first selected entry, unless ``--name``)
    name: str
    #: the envmgr home the entries are recorded in
    home: str
    #: in a module tree, the names of the modules this one needs loaded first
    depends: list[str] = field(default_factory=list)
    #: the ``--tags`` groups (empty in a module tree)
    selection: list[list[str]] = field(default_factory=list)
    #: the lock file a container definition restores (``--lock``)
    lock: str = "envmgr.lock"
    #: the image a container definition starts from (``--base``)
    base: str = ""


class Exporter:
    """A format. Subclasses set :attr:`name`, :attr:`summary` and :attr:`filename` and
    implement :meth:`render`."""

    name = ""
    #: one line for ``envmgr export --list``
    summary = ""
    #: the file written into ``-o DIR``
    filename = "env"
    #: what the format is, in a message ("an Lmod modulefile"); ``--format NAME`` if empty
    label = ""
    #: whether a value holding a line break (LF or CR) reaches the tool that reads the file
    #: unchanged and as data. False unless the format and its readers are known to carry it:
    #: Lmod hands values to the shell ``module`` evals, bare. The host checks this (and
    #: refuses NUL in any format) before :meth:`render` is called, in
    #: :func:`envmgr.export.build.render`.
    line_breaks = False

    def render(self, request: ExportRequest) -> str:
        """The file's text for one environment."""
        raise NotImplementedError

    def path(self, request: ExportRequest) -> str:
        """Where, under ``-o DIR``, the file for ``request`` goes (relative)."""
        return self.filename

    def render_home(self, requests: Sequence[ExportRequest]) -> dict[str, str] | None:
        """``envmgr export --all``: relative path → text, for one request per entry; None
        when the format has no whole-home form."""
        return None

    @property
    def tree(self) -> bool:
        """Whether ``--all`` writes many files (so needs ``-o DIR``)."""
        return False


class ModuleExporter(Exporter):
    """A modulefile format: one module per request, at ``soft/version<suffix>``."""

    suffix = ""

    def path(self, request: ExportRequest) -> str:
        return request.name + self.suffix

    def render_home(self, requests: Sequence[ExportRequest]) -> dict[str, str] | None:
        return {self.path(r): self.render(r) for r in requests}

    @property
    def tree(self) -> bool:
        return True


def families(entries: Sequence[Entry]) -> list[str]:
    """The module families of ``entries`` (``compiler``, ``mpi``), once each, in order."""
    return list(dict.fromkeys(FAMILIES[e.category] for e in entries if e.category in FAMILIES))


def checked_ops(ops: Sequence[EnvOp], fmt: str, newlines: bool = False) -> list[EnvOp]:
    """``ops``, after checking every name is a variable name, that no value holds a NUL
    and, unless the format can carry them (``newlines``), no line break."""
    allow = "".join(c for c in map(chr, range(0x20)) if c not in "\0\n\r") + "\x7f"
    allow += "\n\r" if newlines else ""
    for op in ops:
        if not valid_name(op.var):  # would be code, not a name, in most formats
            raise UsageError(f"cannot export {op.var[:40]!r} as {fmt}: it is not a variable "
                             "name", "see which plugin or entry sets it ('envmgr show')")
        values = op.dirs if op.value is None or isinstance(op.value, tuple) else (op.value,)
        for value in values:
            what = control_char(value, allow + "".join(map(chr, range(0x80, 0xA0))))
            if what:
                raise UsageError(f"cannot export {op.var} as {fmt}: its value holds {what} "
                                 f"({value[:60]!r}), which {fmt} cannot carry safely",
                                 "use --format sh or json, which carry it"
                                 if what != "a NUL" else "see which plugin or entry sets it")
    return list(ops)


def check(exporter: Exporter, ops: Sequence[EnvOp]) -> list[EnvOp]:
    """``ops`` checked for what ``exporter`` declares it can carry (see
    :attr:`Exporter.line_breaks`)."""
    return checked_ops(ops, exporter.label or f"--format {exporter.name}",
                       newlines=exporter.line_breaks)


def rehome(ops: Sequence[EnvOp], old: str, new: str) -> list[EnvOp]:
    """``ops`` with every path under the home ``old`` moved under ``new`` (a container's
    home): dirs, and each item of a value that is a path list."""
    old = old.rstrip("/") or "/"

    def move(path: str) -> str:
        if path == old:
            return new
        if path.startswith(old + "/"):
            return new.rstrip("/") + path[len(old):]
        return path

    out = []
    for op in ops:
        if isinstance(op.value, tuple):
            out.append(EnvOp(op.kind, op.var, [move(d) for d in op.value]))
        elif isinstance(op.value, str):
            out.append(EnvOp(op.kind, op.var, ":".join(move(p) for p in op.value.split(":"))))
        else:
            out.append(op)
    return out
