"""GNU Awk, found by gawk and by an awk that is gawk."""

from envmgr.soft import Soft


class Gawk(Soft):
    name = "gawk"
    aliases = ["gnu-awk"]
    category = "tool"
    tags = ["gnu-tools", "system"]
    summary = "GNU Awk pattern scanning and processing"
    # awk is an alternatives link on Debian: to gawk, mawk or nawk; followed to the real
    # file, it is GNU Awk only where gawk's banner comes back.
    executables = [r"gawk", r"awk"]
    # "GNU Awk 5.2.1, API 3.2, PMA Avon 8-g1, (GNU MPFR 4.2.0, GNU MP 6.2.1)"; mawk ("mawk:
    # not an option: --version") and busybox's awk are rejected.
    version_regex = r"^GNU Awk (?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {"api": r"^GNU Awk \S+, API (\d+\.\d+)"}
    rejects = True  # mawk and busybox linked as awk: negative cases record them
