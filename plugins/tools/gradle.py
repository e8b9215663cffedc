"""Gradle, the build automation tool of the JVM world."""

from envmgr.soft import Soft


class Gradle(Soft):
    name = "gradle"
    category = "tool"
    tags = ["build", "jvm"]
    summary = "Gradle build automation tool"
    executables = ["gradle"]
    # "Gradle 4.4.1" alone on a line, after a dashed rule (and, on Debian, the JVM's
    # banner); "Gradle 8.5-rc-1" for a release candidate.
    version_regex = r"^Gradle (?P<version>\d+(?:\.\d+)+(?:-(?:rc|milestone)-\d+)?)\s*$"
    # read, not run (a JVM and a daemon check): the build receipt `gradle --version` prints
    release_files = {
        "lib/gradle-base-services-[0-9]*.jar!org/gradle/build-receipt.properties":
            r"^versionNumber=(?P<version>\d+(?:\.\d+)+(?:-(?:rc|milestone)-\d+)?)\s*$",
    }
    # it starts a JVM and a daemon check
    timeout = 60.0
    env = {"GRADLE_HOME": "{prefix}"}
