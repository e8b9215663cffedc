"""Every code snippet in the plugin docs runs, for real, in an empty home directory.

What a fenced block's info string means:

- ```` ```console ````: ``$ `` lines are commands, run one after the other in one bash
  (so ``export`` and ``cd`` carry on); the lines after a command are its expected output
  (stdout and stderr together), with runs of spaces equal, ``~`` for the home directory
  and ``...`` matching anything (a line of ``...`` matches any number of lines). Every
  command must exit 0.
- ```` ```LANG file=PATH ````: the block is written to PATH (relative to the home dir, or
  ``~/...``) at that point of the story.
- ```` ```python ````: run with python, must exit 0; ```` ```python signature ````: a
  function signature, must parse; ```` ```toml ````: must parse.
- ```` ```text ````: not code (diagrams).

Each document runs in a fresh virtual environment (with the system site-packages) into
which this checkout is pip-installed, so ``envmgr``, ``pip`` and ``python`` in the snippets
are a user's own.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
from dataclasses import dataclass

import pytest
from authoring_helpers import ROOT
from nested_venv import make_venv, pip_install

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

DOCS = ["plugin-authoring.md", "hooks.md", "projects.md"]
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```$", re.M | re.S)
MARK = "@@envmgr-doc-snippet@@"


@dataclass
class Block:
    doc: str
    line: int
    info: str
    body: str

    @property
    def lang(self) -> str:
        return self.info.split()[0] if self.info.split() else ""

    @property
    def flags(self) -> dict[str, str]:
        return dict((w.split("=", 1) + [""])[:2] for w in self.info.split()[1:])

    def __str__(self) -> str:
        return f"{self.doc}:{self.line} ```{self.info}"


def blocks(doc: str) -> list[Block]:
    text = (ROOT / "docs" / doc).read_text()
    return [Block(doc, text.count("\n", 0, m.start()) + 1, m.group(1).strip(), m.group(2))
            for m in FENCE.finditer(text)]


def _runs(block: Block) -> bool:
    return block.lang == "console" or "file" in block.flags or block.info == "python"


@pytest.mark.parametrize("doc", DOCS)
def test_every_snippet_is_marked(doc):
    for b in blocks(doc):
        known = (b.lang in ("console", "text") or "file" in b.flags
                 or b.info in ("python", "python signature", "toml"))
        assert known, f"{b}: mark it console, python, 'LANG file=PATH' or text"


@pytest.mark.parametrize("doc", DOCS)
def test_signatures_and_toml_parse(doc):
    checked = 0
    for b in blocks(doc):
        if b.info == "python signature":
            ast.parse(b.body.rstrip() + ": ...\n")
            checked += 1
        elif b.info == "toml" or (b.lang == "toml" and "file" in b.flags):
            tomllib.loads(b.body)
            checked += 1
    if doc == "hooks.md":
        assert checked >= 7


# -- running a document ---------------------------------------------------------------


@dataclass
class Command:
    block: Block
    cmd: str
    expected: list[str]


def _script(doc_blocks: list[Block]) -> tuple[str, list[Command]]:
    lines = ["exec 2>&1", 'cd "$HOME"']
    commands: list[Command] = []
    for b in doc_blocks:
        if "file" in b.flags:
            lines += [f"__f={b.flags['file']}", 'mkdir -p "$(dirname "$__f")"',
                      "cat > \"$__f\" <<'__ENVMGR_DOC_EOF__'", b.body.rstrip("\n"),
                      "__ENVMGR_DOC_EOF__"]
        elif b.info == "python":
            commands.append(Command(b, "python (block)", ["..."]))
            lines += ["python - <<'__ENVMGR_DOC_EOF__'", b.body.rstrip("\n"),
                      "__ENVMGR_DOC_EOF__", f"printf '\\n{MARK} %s\\n' $?"]
        elif b.lang == "console":
            current: Command | None = None
            for line in b.body.rstrip("\n").splitlines():
                if line.startswith("$ "):
                    current = Command(b, line[2:], [])
                    commands.append(current)
                    lines += [current.cmd, f"printf '\\n{MARK} %s\\n' $?"]
                elif current is not None:
                    current.expected.append(line)
    return "\n".join(lines) + "\n", commands


def _norm(line: str) -> str:
    return " ".join(line.split())


def _line_matches(expected: str, actual: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in _norm(expected).split("..."))
    return re.fullmatch(pattern, _norm(actual)) is not None


def _matches(expected: list[str], actual: list[str]) -> bool:
    if not expected:
        return not actual
    if expected[0].strip() == "...":
        return any(_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and _line_matches(expected[0], actual[0]) and \
        _matches(expected[1:], actual[1:])


@pytest.fixture
def user_env(tmp_path):
    """A home dir, and a venv with this checkout pip-installed: a new user's machine."""
    venv = tmp_path / "venv"
    why = pip_install(make_venv(venv), ROOT)
    if why:
        pytest.skip(f"cannot pip-install envmgr into a venv here: {why}")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ENVMGR_", "XDG_", "PYTHON", "PYTEST_", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", COLUMNS="200")
    return home, env


@pytest.mark.slow
@pytest.mark.parametrize("doc", [d for d in DOCS if any(_runs(b) for b in blocks(d))])
def test_document_runs(doc, user_env):
    home, env = user_env
    script, commands = _script([b for b in blocks(doc) if _runs(b)])
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env,
                          cwd=home, timeout=900)
    text = proc.stdout.replace(str(home), "~")
    chunks = re.split(rf"\n{re.escape(MARK)} (\d+)\n", text)
    outputs, codes = chunks[0:-1:2], [int(c) for c in chunks[1::2]]
    assert len(codes) == len(commands), f"the script stopped early:\n{text[-3000:]}"
    for command, out, rc in zip(commands, outputs, codes, strict=True):
        actual = out.strip("\n").splitlines() if out.strip() else []
        where = f"{command.block}: $ {command.cmd}"
        assert rc == 0, f"{where}\nexited {rc}:\n{out}"
        assert _matches(command.expected, actual), (
            f"{where}\n--- expected\n" + "\n".join(command.expected) +
            "\n--- got\n" + "\n".join(actual))
