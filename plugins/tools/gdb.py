"""GDB, the GNU debugger."""

from envmgr.soft import Soft


class Gdb(Soft):
    name = "gdb"
    category = "tool"
    tags = ["debugger"]
    summary = "GDB, the GNU Project debugger"
    executables = [r"gdb"]
    companions = ["gdbserver", "gdb-add-index"]
    # The last version on the first line: "GNU gdb (Debian 13.1-3) 13.1", "GNU gdb (GDB) 14.1",
    # "GNU gdb (GDB) Red Hat Enterprise Linux 8.2-19.el8".
    version_regex = r"^GNU gdb .*?(?P<version>\d+\.\d+(?:\.\d+)*)\S*$"
