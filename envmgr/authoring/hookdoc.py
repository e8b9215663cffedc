"""docs/hooks.md, generated from the hook specs' docstrings.

    python -m envmgr.authoring.hookdoc           # rewrite docs/hooks.md
    python -m envmgr.authoring.hookdoc --check   # exit 1 if docs/hooks.md is stale

Sections follow the banner comments of ``envmgr/plugin/hookspecs.py``; each hook gets its exact
signature, its docstring (``:param:`` and ``:return:`` rendered as lists) and its
firstresult/historic notes. A test fails when the file is stale or a hook is undocumented.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path
from typing import Any

from envmgr.plugin import hookspecs

__all__ = ["render", "signature", "sections", "docs_path", "main"]

_BANNER = re.compile(r"^# -{10,}\n# (?P<title>[^\n]+)\n# -{10,}$", re.M)

LIFECYCLE = """\
envmgr detect NAME | --all
  ├─ envmgr_softs()                 when the plugin is loaded (softs made at run time)
  ├─ envmgr_search_dirs(context)    once per run, before the search space is indexed
  └─ Soft.probe(...)                per candidate, in parallel, with a timeout (a method)
envmgr platform
  └─ envmgr_platform(info)          after the host filled in its facts
envmgr shell / activate
  └─ envmgr_shell_env(entry, env)   once per selected entry
envmgr install (later)
  ├─ envmgr_recipe_dirs()                     where recipes are read from
  ├─ envmgr_register_frontends(frontends)     the installer back-ends (a collector)
  └─ envmgr_pick_frontend(spec, frontends)    per request; the first answer wins
envmgr export (later)
  └─ envmgr_register_exporters(exporters)     the export formats (a collector)"""


def docs_path() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "hooks.md"


def signature(name: str) -> str:
    """``envmgr_search_dirs(context: SearchContext) -> list[str]``, as the spec spells it."""
    sig = inspect.signature(getattr(hookspecs, name))
    params = ", ".join(
        f"{p.name}: {p.annotation}" if p.annotation is not p.empty else p.name
        for p in sig.parameters.values()
    )
    ret = sig.return_annotation
    return f"{name}({params})" + (f" -> {ret}" if ret is not sig.empty else "")


def sections() -> list[tuple[str, list[str]]]:
    """(banner title, hook names) in the order of hookspecs.py."""
    source = inspect.getsource(hookspecs)
    marks = [(m.start(), m.group("title")) for m in _BANNER.finditer(source)]
    out: dict[str, list[str]] = {}
    for name in hookspecs.HOOK_NAMES:
        at = source.index(f"\ndef {name}(")
        title = next((t for pos, t in reversed(marks) if pos < at), "Hooks")
        out.setdefault(title, []).append(name)
    return list(out.items())


def _markdown(doc: str) -> str:
    """Sphinx-style docstring → Markdown: roles and double backticks, :param:, :return:."""
    doc = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", doc)
    doc = doc.replace("``", "`")
    lines, params = [], []
    for block in re.split(r"\n(?=:)", doc):
        m = re.match(r":param (\w+):\s*(.*)", block, re.S)
        r = re.match(r":returns?:\s*(.*)", block, re.S)
        if m:
            params.append(f"- `{m.group(1)}`: {' '.join(m.group(2).split())}")
        elif r:
            lines.append("**Parameters:**\n\n" + "\n".join(params) + "\n" if params else "")
            params = []
            lines.append(f"**Returns:** {' '.join(r.group(1).split())}")
        else:
            lines.append(block.strip())
    if params:
        lines.append("**Parameters:**\n\n" + "\n".join(params))
    return "\n\n".join(x.strip() for x in lines if x.strip())


def _notes(spec: Any) -> str:
    opts = getattr(spec, "envmgr_spec", {}) or {}
    notes = [n for n, on in (("firstresult: the first non-None result wins",
                              opts.get("firstresult")),
                             ("historic: plugins registered later are called too",
                              opts.get("historic"))) if on]
    return "".join(f"\n\n*{n}.*" for n in notes)


def render() -> str:
    head = inspect.getdoc(hookspecs) or ""
    out = [
        "# Hook reference",
        "",
        "<!-- Generated from envmgr/plugin/hookspecs.py by `python -m envmgr.authoring.hookdoc`; "
        "do not edit. -->",
        "",
        _markdown(head),
        "",
        "An implementation may take any subset of the spec's arguments. For a tutorial, see",
        "[plugin-authoring.md](plugin-authoring.md).",
        "",
        "## When hooks fire",
        "",
        "```text",
        LIFECYCLE,
        "```",
    ]
    for title, names in sections():
        out += ["", f"## {title}"]
        for name in names:
            spec = getattr(hookspecs, name)
            out += ["", f"### {name}", "", "```python signature", f"def {signature(name)}", "```",
                    "", _markdown(inspect.getdoc(spec) or "(undocumented)") + _notes(spec)]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = docs_path()
    text = render()
    if "--check" in argv:
        current = path.read_text() if path.exists() else ""
        if current != text:
            print(f"{path} is stale; regenerate it with: python -m envmgr.authoring.hookdoc",
                  file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
