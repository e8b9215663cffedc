"""Ruby (MRI) interpreters: the system's, rbenv's, RVM's, chruby's."""

from envmgr.soft import Soft


class Ruby(Soft):
    name = "ruby"
    aliases = ["mri", "cruby"]
    category = "lang"
    tags = ["lang-ruby"]
    summary = "Ruby (MRI) interpreter"
    # ruby, or a versioned name: Debian's ruby3.1 (ruby is a link to it), ruby31 and
    # ruby3.2 on other distros.
    executables = [r"ruby(?:\d+\.?\d+)?"]
    search_dirs = ["$RBENV_ROOT/versions/*/bin", "~/.rbenv/versions/*/bin", "~/.rvm/rubies/*/bin",
                   "/usr/local/rvm/rubies/*/bin", "~/.rubies/*/bin", "/opt/rubies/*/bin"]
    companions = ["gem", "irb", "erb", "bundle", "rake"]
    # "ruby 3.1.2p20 (2022-04-12 revision 4491bb740a) [x86_64-linux-gnu]": the patch level
    # is an attr; "ruby 3.4.0preview1 (...)" and "ruby 3.3.0dev" keep their suffix. JRuby
    # ("jruby 9.4.5.0 (3.1.4) ...") and TruffleRuby print another name and are not taken.
    version_regex = r"^ruby (?P<version>\d+\.\d+\.\d+(?:(?:preview|rc)\d+|dev)?)"
    attrs_regex = {"patchlevel": r"^ruby \d+\.\d+\.\d+p(\d+)", "platform": r"^ruby .*\[(\S+)\]\s*$"}
    side_by_side = "Debian packages one Ruby: no second could be had to capture"
