"""clinfo, which lists OpenCL platforms and devices."""

from envmgr.soft import Soft


class Clinfo(Soft):
    name = "clinfo"
    aliases = ["show-opencl-devices"]
    category = "tool"
    tags = ["opencl"]
    summary = "clinfo OpenCL platform and device lister"
    executables = [r"clinfo"]
    # "clinfo version 3.0.23.01.25"
    version_regex = r"^clinfo version (?P<version>\d+(?:\.\d+)+)"
