"""pipx, which installs Python applications each in its own venv."""

from envmgr.soft import Soft


class Pipx(Soft):
    name = "pipx"
    category = "package-manager"
    tags = ["python-tools"]
    summary = "pipx, Python applications in isolated environments"
    executables = [r"pipx"]
    # pipx prints its bare version: "1.18.4", Debian's "1.1.0".
    version_regex = r"\A(?P<version>\d+\.\d+\.\d+(?:\.dev\d+)?)\s*\Z"
    timeout = 20.0
