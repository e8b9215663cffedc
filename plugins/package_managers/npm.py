"""npm, the Node.js package manager."""

from envmgr.soft import Soft


class Npm(Soft):
    name = "npm"
    category = "package-manager"
    tags = ["javascript"]
    summary = "npm, the package manager of Node.js"
    executables = [r"npm"]
    search_dirs = ["$NVM_DIR/versions/node/*/bin", "~/.nvm/versions/node/*/bin"]
    companions = ["npx"]
    # npm prints the bare version, possibly after "npm warn ..." lines: "11.19.1", "10.2.4".
    version_regex = r"^(?P<version>\d+\.\d+\.\d+(?:-[\w.]+)?)\s*$"
    # read, not run (node starts npm to print it): npm's own package.json, beside bin/npm-cli.js
    release_files = {"package.json": r'^  "version": "(?P<version>\d+\.\d+\.\d+(?:-[\w.]+)?)",?$'}
    # No update check (and so no network) while probing.
    probe_env = {"NO_UPDATE_NOTIFIER": "1", "npm_config_update_notifier": "false"}
    timeout = 20.0
    # Several can live side by side (one per nvm node), but only one could be had here to
    # capture: no side-by-side case yet.
    side_by_side = "only one installation could be captured"
