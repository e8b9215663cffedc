"""OpenSSH's client, found by ssh -V."""

from envmgr.soft import Soft


class OpenSSH(Soft):
    name = "openssh"
    aliases = ["ssh"]
    category = "tool"
    tags = ["network", "remote"]
    summary = "OpenSSH secure shell client (ssh, scp, sftp)"
    executables = [r"ssh"]
    companions = ["scp", "sftp", "ssh-keygen", "ssh-agent", "ssh-add"]
    version_args = ["-V"]
    # On stderr: "OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.22 25 Aug 2026"; 9.2p1 is the
    # portable release; only OpenSSH's banner passes (not Dropbear's dbclient).
    version_regex = r"^OpenSSH_(?P<version>\d+\.\d+(?:p\d+)?)"
    attrs_regex = {"ssl": r"^OpenSSH_\S+(?: [^,]+)?, (\w+ \d[\w.]*)"}
