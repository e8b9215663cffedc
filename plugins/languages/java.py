"""Java development kits and runtimes (OpenJDK, Temurin, Zulu, Corretto, Oracle ...)."""

from __future__ import annotations

import os
import re
from typing import Any

from envmgr.soft import Candidate, Found, Soft

# Words in `java -version` naming who built the JDK, first match wins.
_VENDORS = [
    ("Temurin", "temurin"), ("Zulu", "zulu"), ("Corretto", "corretto"), ("GraalVM", "graalvm"),
    ("Microsoft", "microsoft"), ("SapMachine", "sapmachine"), ("JBR", "jetbrains"),
    ("BellSoft", "liberica"), ("Liberica", "liberica"), ("Semeru", "semeru"),
    ("OpenJ9", "semeru"), ("Red_Hat", "redhat"), ("Homebrew", "homebrew"),
    ("Debian", "debian"), ("Ubuntu", "ubuntu"), ("Java(TM)", "oracle"), ("OpenJDK", "openjdk"),
]


class Java(Soft):
    name = "java"
    aliases = ["jdk", "openjdk"]
    category = "lang"
    tags = ["compiler", "lang-java"]
    summary = "Java development kit or runtime"
    side_by_side = True  # OpenJDK 17 beside Temurin 25: a case has them in one layout
    executables = [r"java"]
    search_dirs = ["/usr/lib/jvm/*/bin", "/usr/java/*/bin", "/opt/java/*/bin", "$JAVA_HOME/bin",
                   "~/.sdkman/candidates/java/*/bin", "~/.jdks/*/bin"]
    companions = ["javac", "jar", "jshell", "javadoc", "keytool", "jlink"]
    version_args = ["-version"]  # printed on stderr, which the host merges
    # openjdk version "17.0.15" 2025-04-15, java version "1.8.0_392"
    version_regex = r'^\S+ version "(?P<version>[0-9][0-9A-Za-z.+_~-]*)"'
    # "OpenJDK Runtime Environment Temurin-25.0.3+9 (build 25.0.3+9-LTS)"
    attrs_regex = {
        "runtime": r"^([\w .()-]*Runtime Environment).*?\(build [^,)\s]+",
        "build": r"^.*Runtime Environment.*?\(build ([0-9A-Za-z.+_~-]+)",
    }
    env = {"JAVA_HOME": "{prefix}"}

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        # The vendor is looked up, not read: the first of _VENDORS's words in the output.
        attrs = super().determine_attrs(output)
        vendor = next((v for word, v in _VENDORS if word in output), None)
        if vendor:
            attrs["vendor"] = vendor
        return attrs

    @classmethod
    def determine_prefix(cls, candidate: Candidate) -> str:
        """The JDK, not its bundled jre/ (Java 8: jdk/jre/bin/java)."""
        prefix = super().determine_prefix(candidate)
        jdk = os.path.dirname(prefix)
        if os.path.basename(prefix) == "jre" and os.path.isfile(os.path.join(jdk, "bin", "javac")):
            return jdk
        return prefix

    @classmethod
    def extra_tags(cls, found: Found) -> list[str]:
        """Java 8 and older call themselves 1.N: tag them vN as users do."""
        m = re.match(r"1\.(\d+)", found.version)
        return [f"v{m.group(1)}"] if m else []
