"""patchelf, which edits the dynamic section of ELF files."""

from envmgr.soft import Soft


class Patchelf(Soft):
    name = "patchelf"
    category = "tool"
    tags = ["build", "elf"]
    summary = "patchelf ELF rpath/interpreter editor"
    executables = ["patchelf"]
    version_regex = r"^patchelf (?P<version>\d+(?:\.\d+)+)"
