"""Text output of the commands: tables, entries, and escaping of what tools printed."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

__all__ = ["printable", "table", "entry_rows", "show_entry"]


def printable(value: object) -> str:
    """``value`` as text that cannot move the cursor, colour the terminal or end a line.

    Versions, paths and facts come from tool output and file names; anything that is not
    printable is shown as its Python escape (``\\x1b``, ``\\n``), as ``ls -b`` does.
    """
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    cells = [[printable(c) for c in r] for r in rows]
    widths = [len(h) for h in header]
    for r in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, r, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for r in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def entry_rows(entries: Sequence[Any]) -> list[list[str]]:
    return [
        [e.uid, e.soft, e.version + (" (stale)" if e.stale else ""), e.prefix or "-"]
        for e in entries
    ]


def show_entry(e: Any) -> str:
    rows: list[tuple[str, object]] = [("uid", e.uid),
                                      ("source", e.source + ("  (stale)" if e.stale else "")),
                                      ("prefix", e.prefix)]
    rows += [(kind, os.pathsep.join(dirs)) for kind, dirs in e.paths.items() if dirs]
    rows += [("env", f"{k}={v}") for k, v in e.env.items()]
    for k, v in e.attrs.items():
        rows.append((k, " ".join(sorted(v)) if k == "commands" and isinstance(v, dict) else v))
    rows.append(("tags", ",".join(e.tags)))
    if e.deps:
        rows.append(("deps", " ".join(e.deps)))
    rows.append(("updated", e.updated))
    width = max(len(k) for k, _ in rows)
    head = printable(f"{e.soft} {e.version}")
    return "\n".join([head] + [f"  {printable(k):<{width}}  {printable(v)}" for k, v in rows])
