"""tmux, the terminal multiplexer."""

from envmgr.soft import Soft


class Tmux(Soft):
    name = "tmux"
    category = "tool"
    tags = ["terminal"]
    summary = "tmux terminal multiplexer"
    executables = [r"tmux"]
    version_args = ["-V"]
    # "tmux 3.3a"; a build from git prints "tmux next-3.4".
    version_regex = r"^tmux (?:next-)?(?P<version>\d+\.\d+[a-z]?)"
