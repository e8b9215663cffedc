"""Elixir, found by its launcher elixir (which boots the Erlang VM to answer)."""

from envmgr.soft import Soft


class Elixir(Soft):
    name = "elixir"
    aliases = ["lang-elixir"]
    category = "lang"
    tags = ["lang-elixir"]
    summary = "Elixir language (elixir, mix, iex)"
    executables = [r"elixir"]
    search_dirs = ["~/.asdf/installs/elixir/*/bin", "~/.kiex/elixirs/*/bin"]
    companions = ["mix", "iex", "elixirc"]
    # "Erlang/OTP 25 [erts-13.1.5] ..." then "Elixir 1.14.0 (compiled with Erlang/OTP 25)"
    version_regex = r"^Elixir (?P<version>\d+\.\d+\.\d+[\w.\-]*)"
    attrs_regex = {"otp": r"^Erlang/OTP (\d+)"}
    timeout = 20.0
    side_by_side = "Debian packages one Elixir: no second could be had to capture"
