"""Free Pascal, found by its driver fpc (`-iV` prints the bare version)."""

from envmgr.soft import Soft


class FPC(Soft):
    name = "fpc"
    aliases = ["free-pascal", "freepascal", "pascal"]
    category = "compiler"
    tags = ["lang-pascal"]
    summary = "Free Pascal compiler (fpc)"
    executables = [r"fpc"]
    companions = ["ppcx64", "ppc386", "ppca64", "fpcres"]
    # `fpc -iVTPTO` asks in one run: version, target CPU, target OS ("3.2.2 x86_64 linux");
    # a bare `fpc` would print pages of help.
    version_args = ["-iVTPTO"]
    version_regex = r"^(?P<version>\d+\.\d+\.\d+)\s"
    attrs_regex = {"target_cpu": r"^\S+ (\S+) \S+\s*$", "target_os": r"^\S+ \S+ (\S+)\s*$"}
