"""The public home of the detection-plugin language: ``from envmgr.soft import Soft``.

It lives in :mod:`envmgr.detect.soft`; this module keeps the import path plugins use.
"""

from __future__ import annotations

from envmgr.detect.soft import (
    KINDS,
    SYSTEM_PREFIXES,
    Candidate,
    Found,
    Probed,
    Reject,
    Runner,
    RunResult,
    Soft,
    entry_tags,
    header_macros,
    parse_pc,
    prefix_of_dir,
    read_member,
    read_text,
)
from envmgr.detect.syspaths import shared_bin_dir

__all__ = [
    "Soft", "Candidate", "Found", "Probed", "Reject", "RunResult", "Runner", "SYSTEM_PREFIXES",
    "KINDS", "read_text", "read_member", "entry_tags", "shared_bin_dir", "header_macros",
    "parse_pc", "prefix_of_dir",
]
