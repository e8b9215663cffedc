"""kubectl, the Kubernetes command-line client."""

from envmgr.soft import Soft


class Kubectl(Soft):
    name = "kubectl"
    aliases = ["kubernetes-client"]
    category = "tool"
    tags = ["container", "kubernetes"]
    summary = "kubectl, the Kubernetes command-line client"
    executables = [r"kubectl"]
    # --client: no cluster is asked. The JSON has "clientVersion": {"gitVersion":
    # "v1.20.2", "goVersion": "go1.19.8", ...} (and no serverVersion).
    version_args = ["version", "--client", "-o", "json"]
    version_regex = (r'"clientVersion":\s*\{[^}]*?"gitVersion":\s*'
                     r'"v(?P<version>\d+\.\d+\.\d+(?:-[\w.]+)?)"')
    attrs_regex = {"go": r'"goVersion":\s*"go(\d[\w.]*)"', "platform": r'"platform":\s*"([\w/]+)"'}
    probe_env = {"KUBECONFIG": "/dev/null"}
