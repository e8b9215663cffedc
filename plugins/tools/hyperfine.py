"""hyperfine, the command-line benchmarking tool."""

from envmgr.soft import Soft


class Hyperfine(Soft):
    name = "hyperfine"
    category = "tool"
    tags = ["benchmark"]
    summary = "hyperfine command-line benchmarking"
    executables = [r"hyperfine"]
    # "hyperfine 1.15.0"
    version_regex = r"^hyperfine (?P<version>\d+\.\d+\.\d+)"
