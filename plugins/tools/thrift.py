"""Apache Thrift's compiler."""

from envmgr.soft import Soft


class Thrift(Soft):
    name = "thrift"
    category = "tool"
    tags = ["rpc", "codegen"]
    summary = "Apache Thrift interface compiler"
    executables = [r"thrift"]
    # "Thrift version 0.17.0"
    version_regex = r"^Thrift version (?P<version>\d+\.\d+\.\d+)"
