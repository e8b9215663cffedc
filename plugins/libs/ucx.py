"""UCX, the Unified Communication X framework, found by ucx_info and ucx.pc."""

from envmgr.soft import Soft

_SITES = ["$VIRTUAL_ENV/lib/python3*/site-packages", "$CONDA_PREFIX/lib/python3*/site-packages",
          "~/.local/lib/python3*/site-packages", "~/.pyenv/versions/*/lib/python3*/site-packages",
          "/usr/local/lib/python3*/dist-packages", "/usr/local/lib/python3*/site-packages"]


class UCX(Soft):
    name = "ucx"
    aliases = ["openucx", "libucx"]
    category = "lib"
    tags = ["hpc", "network"]
    summary = "UCX communication framework (ucx_info, pkg-config)"
    executables = [r"ucx_info"]
    # NVIDIA's libucx-cu12 wheels: <site-packages>/libucx/{bin,lib,include}
    search_dirs = [f"{site}/libucx/bin" for site in _SITES]
    side_by_side = True  # Debian's 1.13.1 beside a libucx-cu12 wheel's 1.22.0: a case has both
    version_args = ["-v"]
    # 1.13 prints "# Version 1.13.1". Later releases print "# Library version: X" first:
    # the libucs the loader found, which for a wheel's ucx_info (no rpath) may be the
    # system's (1.13.1 here), then "# API headers version: X", the version ucx_info was
    # built with and the one of its own installation: that one is taken.
    version_regex = r"^# (?:API headers version: |Version )(?P<version>\d+\.\d+\.\d+[\w.\-]*)"
    attrs_regex = {"configure": r"^# Configured with: (.*)$"}
    pkgconfig = "ucx"
    # ucp/api/ucp_version.h has UCP_API_MAJOR and UCP_API_MINOR only (1.13): the API
    # level, without the release's patch level, so it is not read.
