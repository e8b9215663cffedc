"""A .pc file whose ``Version:`` names one of its variables (``Version: ${version}``).

ncurses and OpenBLAS write ``version=6.4.20221231`` and ``Version: ${version}``;
pkg-config expands it, so these softs do too.
"""

from __future__ import annotations

import os
import re
from typing import Any

from envmgr.soft import Candidate, Reject, Soft, read_text

__all__ = ["PCVersionVars", "expand_pc_vars"]

_VAR = re.compile(r"^([A-Za-z0-9_.]+)\s*=\s*(.*?)\s*$", re.MULTILINE)
_REF = re.compile(r"\$\{([A-Za-z0-9_.]+)\}")


def expand_pc_vars(value: str, text: str) -> str:
    """``value`` with the ``${name}`` references to the .pc file's variables expanded."""
    variables = dict(_VAR.findall(text))
    for _ in range(10):  # variables may name variables; a cycle stops here
        new = _REF.sub(lambda m: variables.get(m.group(1), m.group(0)), value)
        if new == value:
            break
        value = new
    return value


class PCVersionVars(Soft):
    """A soft whose .pc file may spell its version, and leave out its prefix, as above."""

    @classmethod
    def probe_pkgconfig(cls, candidate: Candidate) -> dict[str, Any]:
        """The default probe, with the version's variables expanded."""
        found = super().probe_pkgconfig(candidate)
        version = str(found["version"])
        if "${" in version:
            version = expand_pc_vars(version, read_text(candidate.realpath))
            if "${" in version or not version:
                raise Reject(f"{os.path.basename(candidate.path)}: Version: names a variable "
                             f"the file does not set ({found['version']})")
            found["version"] = version
        return found
