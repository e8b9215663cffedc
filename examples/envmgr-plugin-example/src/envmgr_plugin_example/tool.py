"""envmgr-example-tool: prints its version, like the tools envmgr detects."""

import sys

from . import __version__


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        print(f"envmgr-example-tool {__version__}")
        return 0
    print("usage: envmgr-example-tool --version", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
