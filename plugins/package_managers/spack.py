"""Spack, the HPC package manager."""

from envmgr.soft import Soft

# A release prints "0.23.0" or "1.1.0"; a git checkout adds its commit:
# "0.23.0.dev0 (e8f8cf8543b31ff6ba81a5ab0e515bc9a4856384)".
_VERSION = r"^(?P<version>\d+\.\d+\.\d+(?:\.?dev\d+)?)(?: \((?P<commit>[0-9a-f]{7,40})\))?\s*$"


class Spack(Soft):
    name = "spack"
    category = "package-manager"
    tags = ["hpc", "build"]
    summary = "Spack package manager for supercomputers, Linux and macOS"
    executables = [r"spack"]
    search_dirs = ["$SPACK_ROOT/bin", "~/spack/bin"]
    version_regex = _VERSION
    attrs_regex = {"commit": r"^\d+\.\d+\.\d+(?:\.?dev\d+)? \(([0-9a-f]{7,40})\)\s*$"}
    timeout = 60.0  # Spack imports much of itself before it answers
    env = {"SPACK_ROOT": "{prefix}"}
