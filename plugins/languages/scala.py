"""Scala, found by its runner scala (Scala 2's and Scala 3's; it boots a JVM to answer)."""

from envmgr.soft import Soft


class Scala(Soft):
    name = "scala"
    aliases = ["lang-scala"]
    category = "lang"
    tags = ["lang-scala", "jvm"]
    summary = "Scala compiler and runner (scala, scalac)"
    executables = [r"scala"]
    search_dirs = ["/usr/share/scala*/bin", "/opt/scala*/bin", "~/.sdkman/candidates/scala/*/bin"]
    companions = ["scalac", "scaladoc", "fsc", "scalap"]
    version_args = ["-version"]
    # "Scala code runner version 2.11.12 -- Copyright 2002-2017, LAMP/EPFL" (on stderr);
    # scala-cli's launcher says "Scala code runner version: 1.4.0" (its own version, not the
    # language's) and is left to a later capture.
    version_regex = r"^Scala code runner version (?P<version>\d+\.\d+\.\d+[\w.\-]*)"
    # read, not run (it starts a JVM): what the runner prints comes from the compiler jar's
    # compiler.properties (Scala 2); Scala 3's distribution has a VERSION file
    release_files = {
        "lib/scala-compiler.jar!compiler.properties":
            r"^version\.number=(?P<version>\d+\.\d+\.\d+[\w.\-]*)",
        "VERSION": r"^version:=(?P<version>\d+\.\d+\.\d+[\w.\-]*)",
    }
    timeout = 30.0
    side_by_side = "Debian packages one Scala: no second could be had to capture"
