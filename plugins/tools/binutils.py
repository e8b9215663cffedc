"""GNU Binutils: the linker, the assembler and the object file tools."""

import re
from typing import Any

from envmgr.soft import Soft

# The version that ends the text in parentheses, where there is one: "GNU Binutils for Debian
# 2.40" (gold), "GNU Binutils version 2.40"; [^\S\n] is a blank that stays on the line.
_TRAILING_VERSION = r"[^\S\n]*(?:version[^\S\n]+)?\d[\w.\-]*"


class Binutils(Soft):
    name = "binutils"
    category = "tool"
    tags = ["build", "linker"]
    summary = "GNU Binutils: ld, as, ar, nm, objdump, readelf and friends"
    rejects = True  # lld and ld64.lld as ld: a negative case records it
    executables = [r"ld", r"ld\.bfd"]
    companions = ["ld", "ld.bfd", "ld.gold", "as", "ar", "nm", "objdump", "objcopy", "readelf",
                  "strip", "ranlib", "size", "strings", "addr2line", "c++filt"]
    # "GNU ld (GNU Binutils for Debian) 2.40", "GNU ld version 2.30-123.el8", and gold where
    # it is `ld`: "GNU gold (GNU Binutils for Debian 2.40) 1.16" (the Binutils version).
    # lld ("Debian LLD 14.0.6 (compatible with GNU linkers)") and Apple's ld64 are rejected
    # (Apple's own cannot be had on Linux; LLVM's ld64.lld stands for it in the cases).
    version_regex = (
        r"^GNU (?:ld (?:\([^)\n]*\)|version)|gold \([^)\n]*?) ?(?P<version>\d+(?:\.\d+)+)"
    )
    # The text in parentheses less its trailing version; none where that leaves nothing.
    attrs_regex = {
        "package": rf"^GNU (?:ld|gold) \((?!(?:{_TRAILING_VERSION})?\))([^)\n]*?)"
                   rf"(?:{_TRAILING_VERSION})?\)",
    }

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        # The linker is named, not printed: "GNU ld" is bfd. The form with parentheses wins.
        attrs = super().determine_attrs(output)
        m = (re.search(r"^GNU (ld|gold) \([^)\n]*\)", output, re.MULTILINE)
             or re.search(r"^GNU (ld|gold) version ", output, re.MULTILINE))
        if m:
            attrs = {"linker": "bfd" if m.group(1) == "ld" else "gold", **attrs}
        return attrs
