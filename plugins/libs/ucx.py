"""UCX, the Unified Communication X framework, found by ucx_info and ucx.pc."""

from envmgr.soft import Soft


class UCX(Soft):
    name = "ucx"
    aliases = ["openucx", "libucx"]
    category = "lib"
    tags = ["hpc", "network"]
    summary = "UCX communication framework (ucx_info, pkg-config)"
    executables = [r"ucx_info"]
    version_args = ["-v"]
    version_regex = r"^# (?:UCT )?Version (?P<version>\d+\.\d+\.\d+[\w.\-]*)"  # "# Version 1.13.1"
    attrs_regex = {"configure": r"^# Configured with: (.*)$"}
    pkgconfig = "ucx"
    # ucp/api/ucp_version.h has UCP_API_MAJOR and UCP_API_MINOR only (1.13): the API
    # level, without the release's patch level, so it is not read.
