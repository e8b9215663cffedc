"""Apache Maven, the Java build and dependency manager."""

from envmgr.soft import Soft


class Maven(Soft):
    name = "maven"
    aliases = ["mvn"]
    category = "tool"
    tags = ["build", "jvm"]
    summary = "Apache Maven build and dependency manager for Java"
    executables = [r"mvn"]
    companions = ["mvnDebug"]
    # The first line may be wrapped in ANSI colour codes: "\x1b[1mApache Maven 3.8.7\x1b[m".
    version_regex = r"Apache Maven (?P<version>\d+(?:\.\d+)+(?:-[\w.]+)?)"
    # read, not run (it starts a JVM): `mvn --version` prints maven-core's build.properties
    # (Debian's jar is maven-core-3.x.jar, Apache's maven-core-3.9.6.jar); the Java facts
    # below come only from a run, where no such jar is found
    release_files = {"lib/maven-core-*.jar!org/apache/maven/messages/build.properties":
                     r"^version=(?P<version>\d+(?:\.\d+)+(?:-[\w.]+)?)\s*$"}
    timeout = 30.0
    # The Java facts come from the JDK Maven found when probed (JAVA_HOME or PATH), read from
    # "Java version: 17.0.15, vendor: Debian, runtime: /usr/lib/jvm/java-17-openjdk-amd64",
    # where vendor and runtime may be absent: each pattern is the whole line.
    attrs_regex = {
        "maven_home": r"^Maven home: (.+?)\s*$",
        "java_version": r"^Java version: ([^,\s]+)(?:, vendor: [^,\n]+)?(?:, runtime: .+?)?\s*$",
        "java_vendor": r"^Java version: [^,\s]+, vendor: ([^,\n]+)(?:, runtime: .+?)?\s*$",
        "java_home": r"^Java version: [^,\s]+(?:, vendor: [^,\n]+)?, runtime: (.+?)\s*$",
    }
    env = {"MAVEN_HOME": "{prefix}"}
