"""Erlang/OTP, found by its emulator erl; the version is the OTP release's full one."""

from envmgr.soft import Candidate, Soft

# OTP_VERSION ("25.2.3") is the release's whole version; otp_release alone says "25".
_EVAL = ('{ok, V} = file:read_file(filename:join([code:root_dir(), "releases", '
         'erlang:system_info(otp_release), "OTP_VERSION"])), '
         'io:format("OTP ~s erts ~s~n", [string:trim(V), erlang:system_info(version)]), halt().')


class Erlang(Soft):
    name = "erlang"
    aliases = ["erlang-otp", "otp", "erl"]
    category = "lang"
    tags = ["lang-erlang"]
    summary = "Erlang/OTP runtime and compiler (erl, erlc)"
    executables = [r"erl"]
    # asdf's and kerl's installs (real trees, not shims), and a source build's
    # /usr/local/lib/erlang
    search_dirs = ["~/.asdf/installs/erlang/*/bin", "~/.kerl/installs/*/bin", "~/kerl/*/bin",
                   "/usr/local/lib/erlang/bin", "/usr/lib/erlang/bin"]
    companions = ["erlc", "escript", "epmd", "rebar3"]
    version_regex = r"^OTP (?P<version>\d+(?:\.\d+)*)"
    attrs_regex = {"erts": r"^OTP \S+ erts (\S+)"}
    timeout = 20.0  # the VM boots to answer
    side_by_side = "Debian packages one Erlang/OTP: no second could be had to capture"

    @classmethod
    def probe_argv(cls, candidate: Candidate) -> list[str]:
        return [candidate.path, "-noshell", "-eval", _EVAL]
