"""Apache Maven, the Java build and dependency manager."""

import re
from typing import Any

from envmgr.soft import Soft

_JAVA = re.compile(r"^Java version: (?P<version>[^,\s]+)(?:, vendor: (?P<vendor>[^,]+))?"
                   r"(?:, runtime: (?P<home>.+?))?\s*$", re.MULTILINE)
_HOME = re.compile(r"^Maven home: (?P<home>.+?)\s*$", re.MULTILINE)


class Maven(Soft):
    name = "maven"
    aliases = ["mvn"]
    category = "tool"
    tags = ["build", "java"]
    summary = "Apache Maven build and dependency manager for Java"
    executables = [r"mvn"]
    companions = ["mvnDebug"]
    # The first line may be wrapped in ANSI colour codes: "\x1b[1mApache Maven 3.8.7\x1b[m".
    version_regex = r"Apache Maven (?P<version>\d+(?:\.\d+)+(?:-[\w.]+)?)"
    timeout = 30.0
    env = {"MAVEN_HOME": "{prefix}"}

    @classmethod
    def determine_attrs(cls, output: str) -> dict[str, Any]:
        # The Java facts come from the JDK Maven found when probed (JAVA_HOME or PATH).
        attrs: dict[str, Any] = {}
        m = _HOME.search(output)
        if m:
            attrs["maven_home"] = m.group("home")
        m = _JAVA.search(output)
        if m:
            attrs["java_version"] = m.group("version")
            if m.group("vendor"):
                attrs["java_vendor"] = m.group("vendor").strip()
            if m.group("home"):
                attrs["java_home"] = m.group("home")
        return attrs
