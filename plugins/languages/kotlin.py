"""Kotlin, found by its compiler kotlinc (it boots a JVM to answer)."""

from envmgr.soft import Soft


class Kotlin(Soft):
    name = "kotlin"
    aliases = ["kotlinc", "lang-kotlin"]
    category = "lang"
    tags = ["lang-kotlin", "jvm"]
    summary = "Kotlin compiler (kotlinc)"
    executables = [r"kotlinc"]
    # Kotlin's zip unpacked in /opt, Debian's tree, SDKMAN's candidates
    search_dirs = ["/opt/kotlinc*/bin", "/usr/share/kotlin/kotlinc/bin",
                   "~/.sdkman/candidates/kotlin/*/bin"]
    companions = ["kotlin", "kotlinc-jvm", "kapt"]
    version_args = ["-version"]
    # "info: kotlinc-jvm 1.9.22 (JRE 17.0.10+7)"; Debian's build of 1.3.31 says
    # "kotlinc-jvm 1.3-SNAPSHOT", which is what it reports and is kept as it is
    version_regex = r"\bkotlinc-jvm (?P<version>\d+\.\d+(?:\.\d+)?[\w.\-]*)"
    attrs_regex = {"jre": r"\bkotlinc-jvm \S+ \(JRE ([^)]+)\)"}
    # read, not run (kotlinc starts a JVM: seconds): the zip's build.txt ("1.9.22-release-704"),
    # else the compiler jar's manifest (Debian's says 1.3.31 where `kotlinc -version` says
    # 1.3-SNAPSHOT)
    release_files = {
        "build.txt": r"^(?P<version>\d+\.\d+(?:\.\d+)?)",
        "lib/kotlin-compiler.jar!META-INF/MANIFEST.MF":
            r"^Implementation-Version: (?P<version>\d+\.\d+(?:\.\d+)?)",
    }
    timeout = 30.0
    side_by_side = "Debian packages one Kotlin: no second could be had to capture"
