"""The AWS command-line interface, found by its aws command."""

from envmgr.soft import Soft


class AwsCli(Soft):
    name = "aws-cli"
    aliases = ["awscli", "aws"]
    category = "tool"
    tags = ["cloud"]
    summary = "AWS command-line interface (aws)"
    executables = [r"aws"]
    search_dirs = ["/usr/local/aws-cli/v2/current/bin"]
    # "aws-cli/1.46.3 Python/3.11.7 Linux/6.18.44 botocore/1.43.62" (v1 from PyPI);
    # "aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0 exe/x86_64.debian.12" (v2).
    version_regex = r"^aws-cli/(?P<version>\d+\.\d+\.\d+)"
    # read, not run (it imports botocore: half a second of CPU): the version of a pip install
    # from its distribution's metadata, without the Python and botocore facts a run gives
    release_files = {"lib/python3*/*-packages/awscli-*.dist-info/METADATA":
                     r"^Version: (?P<version>\d+\.\d+\.\d+)\s*$"}
    attrs_regex = {"python": r"^aws-cli/\S+ Python/(\d[\d.]*)", "botocore": r" botocore/(\d[\d.]*)"}
    probe_env = {"AWS_PAGER": "", "AWS_CLI_AUTO_PROMPT": "off"}
    timeout = 20.0
