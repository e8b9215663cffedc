"""Charliecloud, the unprivileged container runtime of HPC sites."""

from envmgr.soft import Soft


class Charliecloud(Soft):
    name = "charliecloud"
    aliases = ["ch-run"]
    category = "tool"
    tags = ["container", "hpc"]
    summary = "Charliecloud unprivileged containers (ch-run)"
    executables = [r"ch-run"]
    companions = ["ch-image", "ch-convert", "ch-fromhost", "ch-checkns"]
    # ch-run prints its bare version on stderr: "0.31", a git build "0.32~pre+abc1234".
    probe_env = {"USER": "envmgr"}  # ch-run refuses to start without $USER
    version_regex = r"\A(?P<version>\d+\.\d+(?:\.\d+)?(?:~pre)?(?:\+\w+)?)\s*\Z"
