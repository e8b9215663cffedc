"""Go toolchains: the go command, from the system, golang.org tarballs or `go install`."""

from envmgr.soft import Soft


class Go(Soft):
    name = "go"
    aliases = ["golang"]
    category = "lang"
    tags = ["compiler", "lang-go"]
    summary = "Go toolchain (go, gofmt)"
    executables = [r"go"]
    # /usr/bin/go links into Debian's /usr/lib/go-1.19; golang.org's tarball goes to
    # /usr/local/go; `go install golang.org/dl/go1.22.0` downloads to ~/sdk/go1.22.0.
    search_dirs = ["/usr/local/go/bin", "/usr/lib/go-*/bin", "$GOROOT/bin", "~/sdk/go*/bin"]
    companions = ["gofmt"]
    version_args = ["version"]
    # Go 1.21+ may fetch another toolchain for a go.mod in the cwd: report this one.
    probe_env = {"GOTOOLCHAIN": "local"}
    # "go version go1.19.8 linux/amd64", "go version go1.22rc1 darwin/arm64"
    version_regex = r"^go version go(?P<version>\d+(?:\.\d+)*(?:(?:rc|beta)\d+)?)"
    attrs_regex = {"os": r"^go version \S+ (\w+)/", "arch": r"^go version \S+ \w+/(\w+)"}
    env = {"GOROOT": "{prefix}"}
    # Several can live side by side (/usr/lib/go-*, ~/sdk/go*), but only one could be had here to
    # capture: no side-by-side case yet.
    side_by_side = "only one installation could be captured"
