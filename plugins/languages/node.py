"""Node.js, the JavaScript runtime (system, nvm, fnm, volta, mise, asdf)."""

from envmgr.soft import Soft


class Node(Soft):
    name = "node"
    aliases = ["nodejs"]
    category = "lang"
    tags = ["lang-javascript"]
    summary = "Node.js JavaScript runtime"
    # Several can live side by side (nvm, fnm, volta, the system's), but only one
    # could be had here to capture: no side-by-side case yet.
    side_by_side = "only one installation could be captured"
    executables = [r"node", r"nodejs"]
    search_dirs = [
        "$NVM_DIR/versions/node/*/bin", "~/.nvm/versions/node/*/bin",
        "$FNM_DIR/node-versions/*/installation/bin",
        "~/.local/share/fnm/node-versions/*/installation/bin",
        "~/.volta/tools/image/node/*/bin",
        "~/.local/share/mise/installs/node/*/bin", "~/.asdf/installs/nodejs/*/bin",
    ]
    companions = ["node", "npm", "npx", "corepack"]  # node too, where found as nodejs
    version_regex = r"^v(?P<version>\d+\.\d+\.\d+[0-9A-Za-z.+_~-]*)$"
