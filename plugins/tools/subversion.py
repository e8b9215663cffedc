"""Apache Subversion, found by its svn client."""

from envmgr.soft import Soft


class Subversion(Soft):
    name = "subversion"
    aliases = ["svn"]
    category = "tool"
    tags = ["vcs"]
    summary = "Apache Subversion version control client (svn)"
    executables = [r"svn"]
    companions = ["svnadmin", "svnversion", "svnlook"]
    # "svn, version 1.14.2 (r1899510)\n   compiled Jan 17 2024, ..."
    version_regex = r"^svn, version (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"revision": r"^svn, version \S+ \((r\d+)\)"}
