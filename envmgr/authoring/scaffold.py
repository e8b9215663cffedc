"""``envmgr plugin new NAME``: a detection plugin that works before it is edited.

Three files: ``<module>.py`` (one Soft subclass), ``<module>.cases.json`` (one case, a
template to replace with a real capture) and ``test_<module>.py`` (the case replayed, and
the tool detected and run in a shell, with ``envmgr.testing``'s fixtures).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from envmgr.authoring.check import TEMPLATE
from envmgr.errors import UsageError

__all__ = ["Scaffold", "scaffold", "names_for"]

_TOOL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")

MODULE = '''\
"""Detection of {tool}: every `{tool}` executable and the version it prints.

Made by `envmgr plugin new {tool}`. Make version_regex match what {tool} prints, then
replace the template case in {module}.cases.json with a real capture:

    envmgr dev capture {soft} "$(command -v {tool})" --append
"""

from envmgr.soft import Soft


class {cls}(Soft):
    name = "{soft}"
    category = "tool"
    summary = "{tool} command-line tool"
    executables = [r"{pattern}"]
    version_regex = r"(?P<version>\\d+(?:\\.\\d+)+)"
'''

TEST = '''\
"""Tests of the {tool} plugin: python -m pytest {test_file}"""

from pathlib import Path

import pytest

from envmgr.testing import plugin_cases

PLUGIN = Path(__file__).with_name("{module}.py")


@pytest.mark.parametrize("case", plugin_cases(PLUGIN))
def test_recorded_case(case, tmp_path):
    # a recorded `{tool} --version` output, replayed through the real detection engine
    assert case.check(tmp_path) == []


def test_detected_and_usable(envmgr_run, fake_tool, register_plugin):
    register_plugin(PLUGIN)
    fake_tool("{tool}", "{tool} version 1.2.3\\n")
    envmgr_run("detect", "{soft}").assert_success()
    result = envmgr_run("shell", "--tags={soft},v1.2", "--", "{tool}", "--version")
    assert "1.2.3" in result.assert_success().out
'''


@dataclass(frozen=True)
class Scaffold:
    tool: str
    soft: str
    module: str
    cls: str
    pattern: str


def names_for(tool: str) -> Scaffold:
    """The soft, module and class names for a tool's command name."""
    if not _TOOL.fullmatch(tool):
        raise UsageError(f"'{tool}' is not a command name",
                         "use letters, digits and . _ + - (for example: envmgr plugin new mytool)")
    soft = tool.lower()
    module = re.sub(r"\W", "_", soft)
    if module[0].isdigit():
        module = f"soft_{module}"
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", tool) if p]
    cls = "".join(p[0].upper() + p[1:] for p in parts)
    if cls[0].isdigit():
        cls = f"Soft{cls}"
    pattern = re.sub(r"([.+])", r"\\\1", tool)
    return Scaffold(tool=tool, soft=soft, module=module, cls=cls, pattern=pattern)


def scaffold(tool: str, folder: str | os.PathLike[str], force: bool = False) -> list[Path]:
    """Write the plugin's three files into ``folder``; returns their paths."""
    names = names_for(tool)
    d = Path(folder).expanduser().resolve()
    module = d / f"{names.module}.py"
    test = d / f"test_{names.module}.py"
    files = {
        module: MODULE.format(**vars(names)),
        d / f"{names.module}.cases.json": _cases(names),
        test: TEST.format(test_file=test, **vars(names)),
    }
    existing = [p for p in files if p.exists()]
    if existing and not force:
        raise UsageError(f"{existing[0]} exists; nothing written",
                         "add --force to overwrite it, or choose another --dir")
    try:
        d.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            path.write_text(text)
    except OSError as exc:
        raise UsageError(f"cannot write into {d}: {exc.strerror or exc}",
                         "choose another folder with --dir") from None
    return list(files)


def _cases(names: Scaffold) -> str:
    case = {
        "soft": names.soft,
        "captured": f"{TEMPLATE}: made up by 'envmgr plugin new', not a real capture; replace "
                    f"it with: envmgr dev capture {names.soft} /path/to/{names.tool} --append",
        "layout": {
            f"bin/{names.tool}": {"outputs": {"--version": f"{names.tool} version 1.2.3\n"}},
        },
        "expect": [{"version": "1.2.3"}],
    }
    return json.dumps({"cases": [case]}, indent=2) + "\n"
