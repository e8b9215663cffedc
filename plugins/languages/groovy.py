"""Apache Groovy, found by its launcher groovy (it boots a JVM to answer)."""

from envmgr.soft import Soft


class Groovy(Soft):
    name = "groovy"
    aliases = ["lang-groovy"]
    category = "lang"
    tags = ["lang-groovy", "jvm"]
    summary = "Apache Groovy language (groovy, groovyc)"
    executables = [r"groovy"]
    search_dirs = ["/opt/groovy*/bin", "~/.sdkman/candidates/groovy/*/bin"]
    companions = ["groovyc", "groovysh", "grape"]
    # "Groovy Version: 2.4.21 JVM: 17.0.13 Vendor: Debian OS: Linux"
    version_regex = r"^Groovy Version: (?P<version>\d+\.\d+\.\d+[\w.\-]*)"
    attrs_regex = {"jvm": r"^Groovy Version: \S+ JVM: (\S+)"}
    # read, not run (it starts a JVM): GroovySystem's version comes from this file of the jar
    release_files = {
        "lib/groovy-[0-9]*.jar!META-INF/groovy-release-info.properties":
            r"^ImplementationVersion=(?P<version>\d+\.\d+\.\d+[\w.\-]*)",
    }
    timeout = 30.0
    side_by_side = "Debian packages one Groovy: no second could be had to capture"
