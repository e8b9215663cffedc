"""mruby, the lightweight embeddable Ruby."""

from envmgr.soft import Soft


class MRuby(Soft):
    name = "mruby"
    category = "lang"
    tags = ["lang-ruby"]
    summary = "mruby, the lightweight Ruby implementation"
    executables = [r"mruby"]
    companions = ["mirb", "mrbc", "mruby-strip"]
    # "mruby 3.1.0 (2022-05-12)"
    version_regex = r"^mruby (?P<version>\d+\.\d+\.\d+)"
