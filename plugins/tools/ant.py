"""Apache Ant, the Java build tool."""

from envmgr.soft import Soft


class Ant(Soft):
    name = "ant"
    aliases = ["apache-ant"]
    category = "tool"
    tags = ["build", "jvm"]
    summary = "Apache Ant build tool for Java"
    executables = ["ant"]
    version_args = ["-version"]
    # "Apache Ant(TM) version 1.10.13 compiled on February 6 2023"; before 1.9 "Apache Ant
    # version 1.8.2 compiled on ...".
    version_regex = r"^Apache Ant(?:\(TM\))? version (?P<version>\d+(?:\.\d+)+)"
    # read, not run (it starts a JVM): `ant -version` prints this file of ant.jar
    release_files = {"lib/ant.jar!org/apache/tools/ant/version.txt":
                     r"^VERSION=(?P<version>\d+(?:\.\d+)+)"}
    # it starts a JVM
    timeout = 30.0
    # /usr/bin/ant is a link to /usr/share/ant/bin/ant: the prefix is ANT_HOME
    env = {"ANT_HOME": "{prefix}"}
