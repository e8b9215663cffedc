"""Detection of envmgr-example-tool, the tool this package ships."""

from envmgr.soft import Soft


class ExampleTool(Soft):
    name = "example-tool"
    category = "tool"
    tags = ["example"]
    summary = "The tiny tool of the envmgr-plugin-example package"
    executables = [r"envmgr-example-tool"]
    version_regex = r"^envmgr-example-tool (?P<version>\d+(?:\.\d+)+)"
