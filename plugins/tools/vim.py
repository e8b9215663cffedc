"""Vim, the editor, found by vim and by a vi that is Vim."""

from __future__ import annotations

import re

from envmgr.soft import Soft


class Vim(Soft):
    name = "vim"
    category = "tool"
    tags = ["editor"]
    summary = "Vim text editor"
    # Debian's vim, vim.basic, vim.tiny, vim.gtk3 ...; vi and view are alternatives links
    # that may lead to Vim or to another vi (nvi, busybox): only Vim's output is taken.
    executables = [r"vim", r"vim\.\w+", r"vi", r"gvim"]
    # "VIM - Vi IMproved 9.0 (2022 Jun 28, compiled ...)\nIncluded patches: 1-1378, 1499":
    # the release is 9.0 and its patch level the end of the first range: 9.0.1378.
    version_regex = r"^VIM - Vi IMproved (?P<version>\d+\.\d+)"
    attrs_regex = {"patches": r"^Included patches: ([\d, -]+)$",
                   "huge": r"^(Huge|Big|Normal|Small|Tiny) version"}
    rejects = True  # busybox's vi applet linked as vi: a negative case records it

    @classmethod
    def determine_version(cls, output: str) -> str | None:
        """The release and its patch level: ``9.0`` with patches ``1-1378`` is 9.0.1378."""
        release = super().determine_version(output)
        if release is None:
            return None
        patches = re.search(r"^Included patches: (?:1-)?(\d+)", output, re.MULTILINE)
        return f"{release}.{patches.group(1)}" if patches else release
