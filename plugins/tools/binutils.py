"""GNU Binutils: the linker, the assembler and the object file tools."""

import re
from typing import Any

from envmgr.soft import Soft


class Binutils(Soft):
    name = "binutils"
    category = "tool"
    tags = ["build", "linker"]
    summary = "GNU Binutils: ld, as, ar, nm, objdump, readelf and friends"
    executables = [r"ld", r"ld\.bfd"]
    companions = ["ld", "ld.bfd", "ld.gold", "as", "ar", "nm", "objdump", "objcopy", "readelf",
                  "strip", "ranlib", "size", "strings", "addr2line", "c++filt"]
    # "GNU ld (GNU Binutils for Debian) 2.40", "GNU ld version 2.30-123.el8", and gold where
    # it is `ld`: "GNU gold (GNU Binutils for Debian 2.40) 1.16" (the Binutils version).
    # lld ("Debian LLD 14.0.6 (compatible with GNU linkers)") and Apple's ld64 are rejected.
    version_regex = (
        r"^GNU (?:ld (?:\([^)\n]*\)|version)|gold \([^)\n]*?) ?(?P<version>\d+(?:\.\d+)+)"
    )

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        m = re.search(r"^GNU (ld|gold) \(([^)\n]*)\)", output, re.MULTILINE)
        if m:
            attrs = {"linker": "bfd" if m.group(1) == "ld" else "gold"}
            package = re.sub(r"\s*(?:version\s+)?\d[\w.\-]*$", "", m.group(2))
            if package:
                attrs["package"] = package
            return attrs
        m = re.search(r"^GNU (ld|gold) version ", output, re.MULTILINE)
        return {"linker": "bfd" if m and m.group(1) == "ld" else "gold"} if m else {}
