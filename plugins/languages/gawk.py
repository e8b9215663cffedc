"""GNU Awk (gawk); an awk that is mawk or busybox is rejected."""

from envmgr.soft import Soft


class Gawk(Soft):
    name = "gawk"
    aliases = ["gnu-awk"]
    category = "lang"
    tags = ["lang-awk", "text"]
    summary = "GNU Awk pattern scanning language (gawk)"
    # awk is an alternatives link (gawk, mawk, original-awk, busybox): resolved, it is gawk
    # itself (one candidate with it) or another awk, whose output names no GNU Awk.
    executables = [r"gawk", r"awk"]
    # "GNU Awk 5.2.1, API 3.2, PMA Avon 8-g1, (GNU MPFR 4.2.0, GNU MP 6.2.1)"
    version_regex = r"^GNU Awk (?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {"api": r"^GNU Awk \S+, API (\d+\.\d+)"}
    rejects = True  # awk that is mawk: a negative case records it
