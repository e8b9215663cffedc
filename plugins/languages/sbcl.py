"""Steel Bank Common Lisp (sbcl); roswell keeps several side by side."""

from envmgr.soft import Soft


class SBCL(Soft):
    name = "sbcl"
    aliases = ["steel-bank-common-lisp"]
    category = "lang"
    tags = ["lang-lisp", "common-lisp"]
    summary = "Steel Bank Common Lisp"
    executables = [r"sbcl"]
    search_dirs = ["~/.roswell/impls/*/*/sbcl-bin/*/bin", "~/.roswell/impls/*/*/sbcl/*/bin"]
    # "SBCL 2.2.9.debian": the distro's suffix is part of what it reports
    version_regex = r"^SBCL (?P<version>\d+\.\d+\.\d+[\w.\-]*)"
    side_by_side = "one roswell install per version: only Debian's SBCL could be captured"
