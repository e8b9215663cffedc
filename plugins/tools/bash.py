"""GNU Bash, the shell."""

from envmgr.soft import Soft


class Bash(Soft):
    name = "bash"
    category = "tool"
    tags = ["shell"]
    summary = "GNU Bash, the Bourne-again shell"
    executables = [r"bash"]
    # "GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)": 5.2.15 is the version,
    # (1) the build number. Another shell under the name (busybox's ash) is rejected.
    version_regex = r"^GNU bash, version (?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {"target": r"^GNU bash, version \S+ \(([\w.-]+)\)"}
    rejects = True  # busybox's sh applet linked as bash: a negative case records it
