"""TypeScript, found by its compiler tsc (installed by npm, globally or in a prefix)."""

from envmgr.soft import Soft


class TypeScript(Soft):
    name = "typescript"
    aliases = ["tsc"]
    category = "lang"
    tags = ["lang-typescript", "javascript"]
    summary = "TypeScript compiler (tsc)"
    executables = [r"tsc"]
    search_dirs = ["~/.npm-global/bin", "~/.local/share/npm/bin", "$NPM_CONFIG_PREFIX/bin"]
    companions = ["tsserver"]
    # "Version 5.9.3": anything else named tsc (an unrelated tool) prints something else and
    # is rejected.
    version_regex = r"^Version (?P<version>\d+\.\d+\.\d+[\w.\-]*)\s*$"
    rejects = "no other real tool named tsc could be had here to capture"
    side_by_side = "one npm prefix per version: only one could be captured"
