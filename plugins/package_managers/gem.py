"""RubyGems, Ruby's package manager, found by its gem command."""

from envmgr.soft import Soft


class Gem(Soft):
    name = "gem"
    aliases = ["rubygems"]
    category = "package-manager"
    tags = ["ruby-tools"]
    summary = "RubyGems, the package manager of Ruby (gem)"
    executables = [r"gem"]
    search_dirs = ["~/.rbenv/versions/*/bin", "$RBENV_ROOT/versions/*/bin", "~/.rubies/*/bin"]
    # gem prints its bare version: "3.3.15".
    version_regex = r"\A(?P<version>\d+\.\d+\.\d+(?:\.\w+)?)\s*\Z"
    side_by_side = "one per rbenv Ruby, but only Debian's could be had here"
