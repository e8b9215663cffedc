"""GHC, the Glasgow Haskell Compiler: the system's and ghcup's, side by side."""

from envmgr.soft import Soft


class GHC(Soft):
    name = "ghc"
    aliases = ["haskell", "lang-haskell"]
    category = "lang"
    tags = ["lang-haskell"]
    summary = "Glasgow Haskell Compiler (ghc)"
    # ghc, and the versioned names ghcup and the tarballs install (ghc-9.4.8); not ghc-pkg,
    # ghci (companions).
    executables = [r"ghc(?:-\d+(?:\.\d+)*)?"]
    search_dirs = ["~/.ghcup/bin", "~/.ghcup/ghc/*/bin", "/opt/ghc/*/bin", "/opt/ghc/bin"]
    companions = ["ghci", "ghc-pkg", "runghc", "haddock", "hsc2hs"]
    version_args = ["--numeric-version"]
    version_regex = r"^(?P<version>\d+\.\d+\.\d+(?:\.\d+)?)\s*$"
    side_by_side = "Debian packages one GHC: no second could be had to capture"
